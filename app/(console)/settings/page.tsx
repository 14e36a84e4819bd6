import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { getSettings } from "@/lib/settings/get-settings";
import { PageHeader } from "../_components/not-built";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const { ctx } = await pageCtx("settings:read");
  const settings = getSettings(ctx);
  const rows: [string, string, string][] = [
    ["Web port", String(settings.port), "PORT"],
    ["Database", `${settings.database} PostgreSQL, ${settings.databaseTarget}`, "DATABASE_URL"],
    ["Data directory", settings.dataDir, "VIGIL_DATA_DIR"],
    ["Demo data", settings.demo, "VIGIL_DEMO"],
    ["Own traces sent to", settings.telemetryEndpoint ?? "not exported", "OTEL_EXPORTER_OTLP_ENDPOINT"],
  ];
  return (
    <>
      <PageHeader title="Settings" subtitle="Read from the environment at start-up; change them there and restart" />
      <section className="card">
        <h2>Configuration</h2>
        <table className="table" data-testid="settings-table">
          <tbody>
            {rows.map(([label, value, variable]) => (
              <tr key={variable}>
                <th scope="row">{label}</th>
                <td className="mono">{value}</td>
                <td className="muted mono">{variable}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>Worker jobs</h2>
        <table className="table">
          <thead>
            <tr>
              <th>Job</th>
              <th>Schedule (UTC cron)</th>
              <th>What it does</th>
            </tr>
          </thead>
          <tbody>
            {settings.jobs.map((job) => (
              <tr key={job.name}>
                <td className="mono">{job.name}</td>
                <td className="mono">{job.cron}</td>
                <td>{job.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
