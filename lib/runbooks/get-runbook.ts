import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { runbookById, type RunbookView, toRunbookView } from "./runbook-rows";

/** One runbook; secret header values are shown as "set". */
export async function getRunbook(ctx: Ctx, id: string): Promise<RunbookView> {
  authorize(ctx, "read");
  const client = await pool().connect();
  try {
    return toRunbookView(await runbookById(client, id));
  } finally {
    client.release();
  }
}
