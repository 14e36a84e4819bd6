import { randomUUID } from "node:crypto";
import type pg from "pg";
import { Proposal, type ProposalKind, type Verdict } from "@/lib/agent/schemas";
import { validateProposal } from "@/lib/agent/validate-proposal";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { isUuid } from "@/lib/validation";
import {
  fingerprintOf,
  PROPOSAL_COLUMNS,
  type ProposalRow,
  storable,
  targetsOf,
  titleOf,
  toView,
} from "./proposal-records";
import { PROPOSAL_KINDS } from "./schemas";
import type { ProposalView } from "./types";

// Every proposal, from the model or a template, is stored through here with the validator's verdict:
// a failed or malformed run is kept rejected with its reason, so a person sees what the model did.

export interface StoreProposalInput {
  source: "llm" | "rule-based";
  answer: unknown;
  runId?: string | null;
  model?: string | null;
  raw?: string | null;
  failure?: { reason: string; detail: string } | null;
  asOf?: Date;
  /** The kind asked for, when the answer does not say (a failed run); default the answer's own. */
  kind?: ProposalKind;
}

const MAX_RAW = 70_000;
const MAX_DETAIL = 2_000;

function kindOf(input: StoreProposalInput): ProposalKind {
  const said = (input.answer as { kind?: unknown } | null)?.kind;
  if (typeof said === "string" && (PROPOSAL_KINDS as readonly string[]).includes(said)) return said as ProposalKind;
  return input.kind ?? "refactor";
}

async function verdictOf(ctx: Ctx, input: StoreProposalInput): Promise<Verdict> {
  if (!input.failure) return validateProposal(ctx, { proposal: input.answer, asOf: input.asOf });
  const detail = `${input.failure.reason}: ${input.failure.detail}`;
  return {
    status: "rejected",
    checks: [{ name: "answer", passed: false, detail }],
    monthlySavings: { claimed: null, recomputed: null, currency: null },
    uncited: [],
  };
}

function rawOf(input: StoreProposalInput, parsed: Proposal | null): string | null {
  if (typeof input.raw === "string") return storable(input.raw, MAX_RAW);
  if (parsed || input.answer === undefined || input.answer === null) return null;
  try {
    return storable(JSON.stringify(input.answer) ?? String(input.answer), MAX_RAW);
  } catch {
    return storable(String(input.answer), MAX_RAW);
  }
}

const INSERT = `INSERT INTO agent_proposal (kind, status, source, fingerprint, title, subject, targets, body, raw, checks,
    uncited, claimed_monthly, recomputed_monthly, currency, run_id, model, requested_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17)
  ON CONFLICT (fingerprint) WHERE status = 'valid' DO NOTHING
  RETURNING id`;

async function insertRow(client: pg.PoolClient, ctx: Ctx, input: StoreProposalInput, verdict: Verdict) {
  const parsed = Proposal.safeParse(input.answer);
  const proposal = parsed.success ? parsed.data : null;
  const kind = proposal?.kind ?? kindOf(input);
  const fingerprint = proposal ? fingerprintOf(proposal) : `unparsed:${randomUUID()}`;
  const checks = verdict.checks.map((c) => ({ ...c, detail: storable(c.detail, MAX_DETAIL) }));
  const { rows } = await client.query<{ id: string }>(INSERT, [
    kind,
    verdict.status,
    input.source,
    fingerprint,
    proposal ? titleOf(proposal) : `An answer that could not be used (${verdict.checks[0]?.name ?? "answer"})`,
    proposal?.kind === "explanation" ? proposal.subject : null,
    proposal ? targetsOf(proposal) : [],
    proposal ? JSON.stringify(proposal) : null,
    rawOf(input, proposal),
    JSON.stringify(checks),
    verdict.uncited,
    verdict.monthlySavings.claimed,
    verdict.monthlySavings.recomputed,
    verdict.monthlySavings.currency,
    input.runId && isUuid(input.runId) ? input.runId : null,
    input.model ? storable(input.model, 200) : null,
    ctx.actor.label,
  ]);
  return { id: rows[0]?.id ?? null, fingerprint, kind };
}

/** Validates and stores one proposal; an identical open one is returned instead of a second copy. */
export async function storeProposal(ctx: Ctx, input: StoreProposalInput): Promise<ProposalView> {
  authorize(ctx, "agent:run");
  const verdict = await verdictOf(ctx, input);
  return sqlTransaction(async (client) => {
    const stored = await insertRow(client, ctx, input, verdict);
    if (!stored.id) {
      const { rows } = await client.query<ProposalRow>(
        `SELECT ${PROPOSAL_COLUMNS} FROM agent_proposal p WHERE p.fingerprint = $1 AND p.status = 'valid'`,
        [stored.fingerprint],
      );
      return toView(rows[0]);
    }
    await recordAudit(client, ctx, {
      action: "proposal.create",
      target: { type: "proposal", id: stored.id },
      summary: { kind: stored.kind, source: input.source, status: verdict.status, runId: input.runId ?? null },
    });
    const { rows } = await client.query<ProposalRow>(
      `SELECT ${PROPOSAL_COLUMNS} FROM agent_proposal p WHERE p.id = $1`,
      [stored.id],
    );
    return toView(rows[0]);
  });
}
