import type pg from "pg";
import type { AttributionProposal, TeardownProposal } from "@/lib/agent/schemas";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { UNALLOCATED } from "@/lib/attribution/reserved-keys";
import type { Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { applyZombieDecision } from "@/lib/zombies/decide-zombie";
import { buildProposalPatch } from "./patch/build-patch";
import { githubConfigured } from "./github/github-config";
import type { ProposalView } from "./types";

// What approving a proposal does besides marking it approved: in the decision's transaction (the
// findings' approvals, the allocation mapping), then after it (the reallocation, the patch).

/**
 * Approves every finding of a teardown through the zombie queue's own rules, in the caller's
 * transaction: one refusal refuses them all. A production-like finding needs two people and its
 * name typed, which a proposal's approval can not give, so it is refused up front.
 */
export async function approveFindings(
  client: pg.PoolClient,
  ctx: Ctx,
  proposal: TeardownProposal,
  reason: string,
): Promise<void> {
  const ids = [...new Set(proposal.findingIds)].sort();
  const { rows } = await client.query<{ id: string; name: string | null }>(
    "SELECT id, COALESCE(name, resource_id) AS name FROM zombie_finding WHERE id = ANY($1::uuid[]) AND second_approval",
    [ids],
  );
  if (rows[0])
    throw new VigilError(
      "conflict",
      `${rows[0].name} is production-like: approve it on its finding's page, by two people, with its name typed`,
      { field: "decision" },
    );
  for (const id of ids) await applyZombieDecision(client, ctx, id, { action: "approve", reason });
}

/** Stores the accepted mapping; a newer approval of the same tag or resource replaces the older. */
export async function insertMapping(
  client: pg.PoolClient,
  ctx: Ctx,
  proposalId: string,
  proposal: AttributionProposal,
): Promise<void> {
  const m = proposal.mapping;
  if (m.type === "tag-rule") {
    await client.query(
      `INSERT INTO allocation_mapping (type, tag_key, tag_value, feature, proposal_id, created_by)
       VALUES ('tag-rule', $1, $2, $3, $4, $5)
       ON CONFLICT (lower(tag_key), tag_value) WHERE type = 'tag-rule'
       DO UPDATE SET feature = EXCLUDED.feature, proposal_id = EXCLUDED.proposal_id,
         created_by = EXCLUDED.created_by, created_at = now()`,
      [m.tagKey, m.tagValue, m.feature, proposalId, ctx.actor.label],
    );
    return;
  }
  await client.query(
    `INSERT INTO allocation_mapping (type, resource_id, feature, proposal_id, created_by)
     SELECT 'resource-feature', r, $2, $3, $4 FROM unnest($1::text[]) r
     ON CONFLICT (resource_id) WHERE type = 'resource-feature'
     DO UPDATE SET feature = EXCLUDED.feature, proposal_id = EXCLUDED.proposal_id,
       created_by = EXCLUDED.created_by, created_at = now()`,
    [[...new Set(m.resourceIds)], m.feature, proposalId, ctx.actor.label],
  );
}

// The days whose unallocated rows the mapping now explains (their resource is named, or carries
// the tag on its cost lines or in the inventory): [first, last + 1).
const AFFECTED_DAYS = `
  WITH span AS (SELECT min(day) AS lo, max(day) AS hi FROM cost_allocation WHERE feature = $1),
  named AS (
    SELECT unnest($2::text[]) AS resource_id
    UNION
    SELECT DISTINCT l.resource_id FROM cost_line l, span
    WHERE $3::text IS NOT NULL AND l.resource_id IS NOT NULL
      AND l.charge_period_start >= span.lo AND l.charge_period_start < span.hi + 1
      AND EXISTS (SELECT 1 FROM jsonb_each_text(l.tags) t WHERE lower(t.key) = $3 AND t.value = $4)
    UNION
    SELECT unnest(ARRAY[r.cloud_id, r.arn]) FROM inventory_resource r
    WHERE $3::text IS NOT NULL AND EXISTS (SELECT 1 FROM jsonb_each_text(r.tags) t WHERE lower(t.key) = $3 AND t.value = $4)
  )
  SELECT min(day)::text AS first, (max(day) + 1)::text AS next FROM cost_allocation
  WHERE feature = $1 AND resource_id IN (SELECT resource_id FROM named WHERE resource_id IS NOT NULL)`;

/** Allocates again the days the accepted mapping changes, so their spend leaves UNALLOCATED. */
export async function reallocateMapped(ctx: Ctx, proposal: AttributionProposal) {
  const m = proposal.mapping;
  const { rows } = await pool().query<{ first: string | null; next: string | null }>(AFFECTED_DAYS, [
    UNALLOCATED,
    m.type === "resource-feature" ? m.resourceIds : [],
    m.type === "tag-rule" ? m.tagKey.toLowerCase() : null,
    m.type === "tag-rule" ? m.tagValue : null,
  ]);
  const { first, next } = rows[0] ?? { first: null, next: null };
  return first && next ? allocateCosts(ctx, { from: first, to: next }) : null;
}

/** Builds and stores the approved change's patch, queued as a pull request when GitHub is configured. */
export async function attachPatch(view: ProposalView, approval: { by: string; at: Date; reason: string }) {
  try {
    const patch = await buildProposalPatch(view, approval);
    if (patch === null) return;
    await pool().query(
      `UPDATE agent_proposal SET patch = $2, pr_state = CASE WHEN $3 THEN 'pending' ELSE pr_state END WHERE id = $1`,
      [view.id, patch, githubConfigured()],
    );
  } catch (err) {
    // The approval stands (its findings are approved); the patch can be built again from the proposal.
    console.error(
      `proposal ${view.id}: could not build its patch: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
