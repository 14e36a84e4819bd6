import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";

/** An approved proposal's `git format-patch` text, for download; 404 until there is one. */
export async function getProposalPatch(ctx: Ctx, id: string): Promise<{ fileName: string; content: string }> {
  authorize(ctx, "read");
  const { rows } = isUuid(id)
    ? await pool().query<{ patch: string }>(
        "SELECT patch FROM agent_proposal WHERE id = $1 AND status = 'approved' AND patch IS NOT NULL",
        [id],
      )
    : { rows: [] };
  if (!rows[0]) throw new VigilError("not_found", "no approved proposal with a patch by that id", { field: "id" });
  return { fileName: `vigil-proposal-${id}.patch`, content: rows[0].patch };
}
