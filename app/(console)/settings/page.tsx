import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can, type Ctx } from "@/lib/context";
import { listJobStatus } from "@/lib/jobs/list-job-status";
import { listChannels } from "@/lib/notifications/list-channels";
import { listDeliveries } from "@/lib/notifications/list-deliveries";
import { listSilences } from "@/lib/notifications/list-silences";
import { describeAgentSettings } from "@/lib/settings/agent-mode";
import { getSettings } from "@/lib/settings/get-settings";
import { spanStorage } from "@/lib/traces/span-storage";
import { PageHeader } from "../_components/not-built";
import { AgentSection } from "./agent-section";
import { JobsTable } from "./jobs-table";
import { NotificationsSection } from "./notifications-section";
import { SpanStorageSection } from "./span-storage-section";
import { localUtc } from "./silence-form-body";
import styles from "./settings.module.css";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

/** The settings and job states, with the moment they were read (job ages count from it). */
async function readSettings(ctx: Ctx) {
  const [jobs, storage] = await Promise.all([listJobStatus(ctx), spanStorage(ctx)]);
  return { settings: getSettings(ctx), jobs, storage, readAt: Date.now() };
}

async function readNotifications(ctx: Ctx) {
  const [channels, deliveries, silences] = await Promise.all([
    listChannels(ctx),
    listDeliveries(ctx, { limit: 20 }),
    listSilences(ctx),
  ]);
  return {
    channels,
    deliveries: deliveries.items,
    silences,
    canManage: can(ctx.actor, "settings:manage"),
    canSilence: can(ctx.actor, "services:manage"),
    defaultSilenceEnd: localUtc(Date.now(), 2),
  };
}

export default async function SettingsPage() {
  const { ctx } = await pageCtx("settings:read");
  const { settings, jobs, storage, readAt } = await readSettings(ctx);
  const notifications = await readNotifications(ctx);
  const agent = await describeAgentSettings(ctx);
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
        <div className={styles.wrap}>
          <table className={`table ${styles.config}`} data-testid="settings-table">
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
        </div>
      </section>
      <section className="card">
        <h2>Worker jobs</h2>
        <p className="empty-note small">
          A job that fails logs its error to the worker&apos;s log and shows here; /api/health says degraded while span
          rollups lag more than 5 minutes or a job feeding the screens keeps failing.
        </p>
        <JobsTable jobs={jobs} now={readAt} />
      </section>
      <SpanStorageSection storage={storage} />
      <NotificationsSection {...notifications} />
      <AgentSection
        mode={agent}
        dataClasses={agent.dataClasses}
        updatedBy={agent.updatedBy}
        canManage={notifications.canManage}
      />
    </>
  );
}
