import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { parseInput } from "@/lib/validation";
import { RUNBOOK_SELECT, type RunbookRow, type RunbookView, toRunbookView } from "./runbook-rows";
import { encodeCursor, ListRunbooksInput } from "./schemas";

/** Runbooks by name, a page at a time (keyset on name and id); secret values shown as "set". */
export async function listRunbooks(
  ctx: Ctx,
  input: ListRunbooksInput = {},
): Promise<{ items: RunbookView[]; nextCursor: string | null }> {
  authorize(ctx, "read");
  const query = parseInput(ListRunbooksInput, input);
  const values: unknown[] = [query.limit + 1];
  let where = "";
  if (query.cursor) {
    values.push(query.cursor.key, query.cursor.id);
    where = "WHERE (name, id) > ($2, $3::uuid)";
  }
  const { rows } = await pool().query<RunbookRow>(`${RUNBOOK_SELECT} ${where} ORDER BY name, id LIMIT $1`, values);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRunbookView),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.name, last.id) : null,
  };
}
