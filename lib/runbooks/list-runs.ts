import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { isUuid, parseInput } from "@/lib/validation";
import { isSloId } from "./run-slo-alert";
import { RUN_SELECT, type RunRow, type RunView, toRunView } from "./run-rows";
import { encodeCursor, ListRunsInput } from "./schemas";

/** Runs of an anomaly, of an SLO's alerts or of a runbook, newest first, a page at a time. */
export async function listRuns(
  ctx: Ctx,
  input: ListRunsInput,
): Promise<{ items: RunView[]; nextCursor: string | null }> {
  authorize(ctx, "read");
  const query = parseInput(ListRunsInput, input);
  const [column, id, missing] =
    query.anomalyId !== undefined
      ? ["anomaly_id", query.anomalyId, "No such anomaly"]
      : query.sloId !== undefined
        ? ["slo_id", query.sloId, "No such SLO"]
        : ["runbook_id", query.runbookId!, "No such runbook"];
  if (column === "slo_id" ? !isSloId(id) : !isUuid(id)) throw new VigilError("not_found", missing);
  const values: unknown[] = [id, query.limit + 1];
  let after = "";
  if (query.cursor) {
    values.push(query.cursor.key, query.cursor.id);
    after = "AND (proposed_at, id) < ($3::timestamptz, $4::uuid)";
  }
  const { rows } = await pool().query<RunRow>(
    `${RUN_SELECT} WHERE ${column} = $1 ${after} ORDER BY proposed_at DESC, id DESC LIMIT $2`,
    values,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRunView),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.proposed_at.toISOString(), last.id) : null,
  };
}
