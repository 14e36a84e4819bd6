import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { PROPOSAL_COLUMNS, type ProposalRow, toView } from "./proposal-records";
import type { ProposalView } from "./types";

/** One stored proposal with its checks and decision; 404 when there is none by that id. */
export async function getProposal(ctx: Ctx, id: string): Promise<ProposalView> {
  authorize(ctx, "read");
  const { rows } = isUuid(id)
    ? await pool().query<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM agent_proposal p WHERE p.id = $1`, [id])
    : { rows: [] };
  if (!rows[0]) throw new VigilError("not_found", `no proposal ${id.slice(0, 100)}`, { field: "id" });
  return toView(rows[0]);
}
