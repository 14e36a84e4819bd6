import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { anomalyForRun, MATCHES_ANOMALY } from "./run-anomaly";
import { RUNBOOK_SELECT, type RunbookRow, type RunbookView, toRunbookView } from "./runbook-rows";

/** The runbooks that answer an anomaly: attached to its series, its service and its environment. */
export async function runbooksFor(ctx: Ctx, anomalyId: string): Promise<RunbookView[]> {
  authorize(ctx, "read");
  const client = await pool().connect();
  try {
    const anomaly = await anomalyForRun(client, anomalyId);
    const { rows } = await client.query<RunbookRow>(
      `${RUNBOOK_SELECT} r WHERE ${MATCHES_ANOMALY} ORDER BY r.name, r.id LIMIT 200`,
      [anomaly.series, anomaly.service, anomaly.environment],
    );
    return rows.map(toRunbookView);
  } finally {
    client.release();
  }
}
