import type pg from "pg";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { isUuid, parseInput } from "@/lib/validation";
import { approveFindings, attachPatch, insertMapping, reallocateMapped } from "./approval-effects";
import { getProposal } from "./get-proposal";
import { PROPOSAL_COLUMNS, type ProposalRow } from "./proposal-records";
import { ProposalDecisionInput } from "./schemas";
import type { ProposalView } from "./types";

// A person approves or declines a valid proposal. A refactor is the SREs' (services:manage); a
// teardown or an attribution FinOps' (costs:manage); an explanation is read, not decided.

async function lockProposal(client: pg.PoolClient, id: string): Promise<ProposalRow> {
  const { rows } = isUuid(id)
    ? await client.query<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM agent_proposal p WHERE p.id = $1 FOR UPDATE`, [
        id,
      ])
    : { rows: [] };
  if (!rows[0]) throw new VigilError("not_found", `no proposal ${id.slice(0, 100)}`, { field: "id" });
  return rows[0];
}

function checkDecidable(ctx: Ctx, row: ProposalRow): void {
  if (row.kind === "explanation")
    throw new VigilError("conflict", "an explanation is read, not approved or declined", { field: "decision" });
  authorize(ctx, row.kind === "refactor" ? "services:manage" : "costs:manage");
  if (row.status !== "valid" || !row.body)
    throw new VigilError("conflict", `the proposal is ${row.status}; only a valid one is decided`, {
      field: "decision",
    });
}

/** Approves (and applies) or declines one proposal; the proposal as it now is. */
export async function decideProposal(ctx: Ctx, id: string, input: unknown): Promise<ProposalView> {
  authorize(ctx, "proposals:decide");
  const { decision, reason } = parseInput(ProposalDecisionInput, input);
  const approved = decision === "approve";
  const row = await sqlTransaction(async (client) => {
    const row = await lockProposal(client, id);
    checkDecidable(ctx, row);
    const body = row.body;
    if (approved && body?.kind === "teardown") await approveFindings(client, ctx, body, reason);
    if (approved && body?.kind === "attribution") await insertMapping(client, ctx, row.id, body);
    await client.query(
      `UPDATE agent_proposal SET status = $2, decided_at = now(), decided_by = $3, decision_reason = $4 WHERE id = $1`,
      [row.id, approved ? "approved" : "declined", ctx.actor.label, reason],
    );
    await recordAudit(client, ctx, {
      action: approved ? "proposal.approve" : "proposal.decline",
      target: { type: "proposal", id: row.id },
      summary: { kind: row.kind, source: row.source, title: row.title, targets: row.targets.slice(0, 50) },
      reason,
    });
    return row;
  });
  if (approved && row.body?.kind === "attribution") await reallocateMapped(ctx, row.body);
  const view = await getProposal(ctx, row.id);
  if (!approved || (row.kind !== "refactor" && row.kind !== "teardown")) return view;
  await attachPatch(view, { by: ctx.actor.label, at: new Date(view.decidedAt ?? Date.now()), reason });
  return getProposal(ctx, row.id);
}
