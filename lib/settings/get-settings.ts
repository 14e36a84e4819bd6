import { authorize, type Ctx } from "../context";
import { dataDir, env } from "../env";

interface SettingsView {
  port: number;
  dataDir: string;
  database: "embedded" | "external";
  databaseTarget: string;
  demo: string;
  telemetryEndpoint: string | null;
}

/** What this Vigil runs with, secrets left out: the database shows host and name, never a password. */
export function getSettings(ctx: Ctx): SettingsView {
  authorize(ctx, "settings:read");
  const settings = env();
  const url = settings.DATABASE_URL ? new URL(settings.DATABASE_URL) : undefined;
  return {
    port: settings.PORT,
    dataDir: dataDir(),
    database: settings.VIGIL_DATABASE_MODE ?? "external",
    databaseTarget: url ? targetOf(url) : "not configured",
    demo: settings.VIGIL_DEMO,
    telemetryEndpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
  };
}

/** Where the database is reached: host and port, or the Unix socket a `?host=/dir` names (libpq's rule). */
function targetOf(url: URL): string {
  const port = url.port || "5432";
  const socketDir = url.searchParams.get("host");
  if (socketDir?.startsWith("/")) return `Unix socket ${socketDir}/.s.PGSQL.${port}, database ${url.pathname.slice(1)}`;
  return `${url.hostname}:${port}${url.pathname}`;
}
