import type pg from "pg";
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { MATCHES_ANOMALY, anomalyForRun } from "./run-anomaly";
import { isSloId, MATCHES_SLO_ALERT } from "./run-slo-alert";
import { RUNBOOK_SELECT, type RunbookRow, type RunbookView, toRunbookView } from "./runbook-rows";

/** Which runbooks answer: its series, service and environment for an anomaly; its service and environment for an SLO. */
async function matchFor(client: pg.ClientBase, ref: { anomalyId: string } | { sloId: string }) {
  if ("anomalyId" in ref) {
    const anomaly = await anomalyForRun(client, ref.anomalyId);
    return { sql: MATCHES_ANOMALY, values: [anomaly.series, anomaly.service, anomaly.environment] };
  }
  const { rows } = isSloId(ref.sloId)
    ? await client.query<{ service: string; environment: string }>(
        "SELECT service, coalesce(definition->>'environment', '') AS environment FROM slo WHERE id = $1",
        [ref.sloId],
      )
    : { rows: [] };
  if (!rows[0]) throw new VigilError("not_found", "No such SLO");
  return { sql: MATCHES_SLO_ALERT, values: [rows[0].service, rows[0].environment] };
}

/** The runbooks that answer an anomaly, or the alerts of an SLO (whether or not one has fired yet). */
export async function runbooksFor(
  ctx: Ctx,
  ref: string | { anomalyId: string } | { sloId: string },
): Promise<RunbookView[]> {
  authorize(ctx, "read");
  const client = await pool().connect();
  try {
    const { sql, values } = await matchFor(client, typeof ref === "string" ? { anomalyId: ref } : ref);
    const { rows } = await client.query<RunbookRow>(
      `${RUNBOOK_SELECT} r WHERE ${sql} ORDER BY r.name, r.id LIMIT 200`,
      values,
    );
    return rows.map(toRunbookView);
  } finally {
    client.release();
  }
}
