import { authorize, type Ctx } from "../context";
import { dataDir, env } from "../env";
import { databaseTarget } from "../database-target";

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
    databaseTarget: url ? databaseTarget(url) : "not configured",
    demo: settings.VIGIL_DEMO,
    telemetryEndpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
  };
}
