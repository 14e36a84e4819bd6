import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { ACTIVE_STATUSES } from "./schemas";

// The Anomalies page's figures: what still needs someone, by severity and service, and how far
// the scan has looked (a new install says it is still learning rather than showing nothing).

export async function summarizeAnomalies(ctx: Ctx) {
  authorize(ctx, "read");
  const [counts, scan] = await Promise.all([
    pool().query<{ critical: number; warning: number; services: number; unassigned: number }>(
      `SELECT count(*) FILTER (WHERE severity = 'critical')::int AS critical,
              count(*) FILTER (WHERE severity = 'warning')::int AS warning,
              count(DISTINCT service)::int AS services,
              count(*) FILTER (WHERE assignee IS NULL)::int AS unassigned
         FROM anomaly WHERE status = ANY ($1::text[])`,
      [ACTIVE_STATUSES],
    ),
    pool().query<{ scanned_until: Date; detail: { series?: number; learning?: number; stepMs?: number } }>(
      "SELECT scanned_until, detail FROM anomaly_scan_state WHERE id = 1",
    ),
  ]);
  const last = scan.rows[0];
  return {
    active: counts.rows[0],
    scan: last
      ? {
          until: last.scanned_until.toISOString(),
          series: last.detail.series ?? 0,
          learning: last.detail.learning ?? 0,
          stepMs: last.detail.stepMs ?? null,
        }
      : null,
  };
}
export type AnomalySummary = Awaited<ReturnType<typeof summarizeAnomalies>>;
