import type { Ctx } from "../context";
import { pool } from "../db";
import { publicUrl } from "../env";
import { notify } from "../notifications/notify";
import type { AnomalyChange } from "./schemas";

// What the channels hear of an anomaly: one notice per episode, keyed by the anomaly, firing when
// it is found and resolved when it ends, so a channel sees one thread rather than a point a minute.
// Critical episodes open a ticket; warnings are for information (a page is the SLOs' to send).

const SERIES_TEXT: Record<string, string> = {
  requests: "request rate",
  errors: "error rate",
  latency: "p95 latency",
  cost: "daily cost",
};

interface NoticeRow {
  id: string;
  service: string;
  series: string;
  scope: string;
  environment: string;
  direction: string;
  severity: string;
  started_at: Date;
  ended_at: Date | null;
  observed: number;
  expected: number;
  changes: AnomalyChange[];
  notified: string | null;
  team: string | null;
}

function text(row: NoticeRow) {
  const feature = !row.scope ? "" : row.series === "cost" ? ` of feature ${row.scope}` : ` on ${row.scope}`;
  const what = `${row.service} ${SERIES_TEXT[row.series] ?? row.series}${feature} ${row.direction === "up" ? "above" : "below"} its usual`;
  const lines = [
    `Since ${row.started_at.toISOString().slice(0, 16).replace("T", " ")} UTC${row.environment ? ` in ${row.environment}` : ""}.`,
    ...row.changes.slice(0, 3).map((change) => `${change.rank}. ${change.summary}`),
  ];
  return { what, summary: lines.join("\n") };
}

/** Sends what each anomaly's state calls for and has not been sent; the ones that failed, with why. */
export async function sendAnomalyNotices(ctx: Ctx, ids: readonly string[]): Promise<{ id: string; error: string }[]> {
  if (ids.length === 0) return [];
  const { rows } = await pool().query<NoticeRow>(
    `SELECT a.id, a.service, a.series, a.scope, a.environment, a.direction, a.severity, a.started_at, a.ended_at, a.observed,
       a.expected, a.changes, a.notified, s.team
     FROM anomaly a LEFT JOIN service s ON s.name = a.service WHERE a.id = ANY ($1::uuid[])`,
    [ids],
  );
  const failed: { id: string; error: string }[] = [];
  for (const row of rows) {
    const state = row.ended_at ? "resolved" : "firing";
    // Nothing to resolve that was never raised; nothing to raise twice.
    if (row.notified === state || (state === "resolved" && row.notified === null)) continue;
    const { what, summary } = text(row);
    try {
      await notify(ctx, {
        key: `anomaly:${row.id}`,
        state,
        severity: row.severity === "critical" ? "ticket" : "info",
        title: `${state === "resolved" ? "Resolved" : "Anomaly"}: ${what}`,
        summary,
        service: row.service,
        team: row.team,
        url: `${publicUrl()}/anomalies/${row.id}`,
        labels: { series: row.series, environment: row.environment, severity: row.severity },
        source: "anomalies",
      });
      await pool().query("UPDATE anomaly SET notified = $2 WHERE id = $1", [row.id, state]);
    } catch (err) {
      failed.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return failed;
}
