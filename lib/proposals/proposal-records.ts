import { createHash } from "node:crypto";
import type { Check, Proposal, ProposalKind } from "@/lib/agent/schemas";
import { fromScaled, toScaled } from "@/lib/decimal";
import type { ProposalListItem, ProposalSource, ProposalStatus, ProposalView } from "./types";

// How a proposal is stored and shown: what it is about (fingerprint, title, targets, subject) is
// derived from the parsed proposal, once, here.

export interface ProposalRow {
  id: string;
  kind: ProposalKind;
  status: ProposalStatus;
  source: ProposalSource;
  title: string;
  subject: string | null;
  targets: string[];
  body: Proposal | null;
  raw: string | null;
  checks: Check[];
  uncited: number[];
  claimed_monthly: string | null;
  recomputed_monthly: string | null;
  currency: string | null;
  run_id: string | null;
  model: string | null;
  requested_by: string;
  created_at: Date;
  /** created_at to the microsecond, for list cursors (a Date keeps milliseconds). */
  created_us: string;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  has_patch: boolean;
  pr_state: "pending" | "opened" | "failed" | null;
  pr_url: string | null;
  pr_error: string | null;
}

/** Columns of a ProposalRow; numerics as text so money never passes through a float. */
export const PROPOSAL_COLUMNS = `p.id, p.kind, p.status, p.source, p.title, p.subject, p.targets, p.body, p.raw, p.checks,
  p.uncited, p.claimed_monthly::text AS claimed_monthly, p.recomputed_monthly::text AS recomputed_monthly,
  p.currency, p.run_id, p.model, p.requested_by, p.created_at,
  to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_us, p.decided_at, p.decided_by, p.decision_reason,
  p.patch IS NOT NULL AS has_patch, p.pr_state, p.pr_url, p.pr_error`;

const money = (value: string | null) => (value === null ? null : fromScaled(toScaled(value)));

export function toListItem(row: ProposalRow): ProposalListItem {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    source: row.source,
    title: row.title,
    subject: row.subject,
    targets: row.targets,
    risk: row.body?.kind === "refactor" ? row.body.risk : null,
    monthlySavings: {
      claimed: money(row.claimed_monthly),
      recomputed: money(row.recomputed_monthly),
      currency: row.currency,
    },
    checks: row.checks,
    uncited: row.uncited,
    runId: row.run_id,
    model: row.model,
    requestedBy: row.requested_by,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by,
    decisionReason: row.decision_reason,
    patchAvailable: row.status === "approved" && row.has_patch,
    pullRequest: row.pr_state ? { state: row.pr_state, url: row.pr_url, error: row.pr_error } : null,
  };
}

export function toView(row: ProposalRow): ProposalView {
  return { ...toListItem(row), proposal: row.body, raw: row.raw };
}

/** What a proposal is about, as text: kind and its sorted targets, mapping or subject. */
function aboutOf(proposal: Proposal): string[] {
  switch (proposal.kind) {
    case "refactor":
      return [...proposal.targets].sort();
    case "teardown":
      return [...proposal.findingIds].sort();
    case "attribution": {
      const m = proposal.mapping;
      return m.type === "tag-rule"
        ? ["tag-rule", m.tagKey.toLowerCase(), m.tagValue, m.feature]
        : ["resource-feature", m.feature, ...[...m.resourceIds].sort()];
    }
    case "explanation":
      return [proposal.subject];
  }
}

/** sha256 of the kind and what the proposal is about: the same proposal is not stored twice while open. */
export function fingerprintOf(proposal: Proposal): string {
  return createHash("sha256")
    .update(JSON.stringify([proposal.kind, ...aboutOf(proposal)]))
    .digest("hex");
}

/** Targets as the list shows them: addresses, zombie:<finding>, billed resource ids, tag=value, the subject. */
export function targetsOf(proposal: Proposal): string[] {
  switch (proposal.kind) {
    case "refactor":
      return proposal.targets;
    case "teardown":
      return proposal.findingIds.map((id) => `zombie:${id}`);
    case "attribution":
      return proposal.mapping.type === "tag-rule"
        ? [`${proposal.mapping.tagKey}=${proposal.mapping.tagValue}`]
        : proposal.mapping.resourceIds;
    case "explanation":
      return [proposal.subject];
  }
}

const clip = (value: string, max: number) => (value.length <= max ? value : `${value.slice(0, max - 1)}…`);

export function titleOf(proposal: Proposal): string {
  switch (proposal.kind) {
    case "refactor":
      return proposal.title;
    case "teardown": {
      const n = proposal.findingIds.length;
      // One resource: named by its address, else its billed id (the evidence holds both when known).
      const ids = (prefix: string) => proposal.evidenceIds.filter((id) => id.startsWith(prefix));
      const named = (ids("resource:").length ? ids("resource:") : ids("bill:")).map((id) => id.replace(/^[a-z]+:/, ""));
      return clip(
        n === 1 && named.length === 1 ? `Tear down ${named[0]}` : `Tear down ${n} idle resource${n === 1 ? "" : "s"}`,
        300,
      );
    }
    case "attribution": {
      const m = proposal.mapping;
      return clip(
        m.type === "tag-rule"
          ? `Attribute spend tagged ${m.tagKey}=${m.tagValue} to ${m.feature}`
          : `Attribute ${m.resourceIds.length === 1 ? m.resourceIds[0] : `${m.resourceIds.length} resources`} to ${m.feature}`,
        300,
      );
    }
    case "explanation":
      return clip(`Explain ${proposal.subject}`, 300);
  }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL can store (a model's raw answer, a runner's error): NUL and lone surrogates replaced, bounded. */
export function storable(value: string, max: number): string {
  return clip(value, max).replace(UNSTORABLE, "\uFFFD");
}
