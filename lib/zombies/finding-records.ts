import type pg from "pg";
import { fromScaled, toScaled } from "../decimal";
import { VigilError } from "../errors";
import { isUuid } from "../validation";
import type { ResourceColumns } from "./resource-fields";

// How a zombie finding is stored and shown. The scan writes the detection columns; people move
// `status` through the queue (lib/zombies/decide-zombie.ts); the scan verifies what was torn down.

export const STATUSES = ["new", "notified", "approved", "rejected", "snoozed", "planned", "done", "verified"] as const;
export type FindingStatus = (typeof STATUSES)[number];

/** Statuses still waiting for a decision: the approval queue. */
export const UNDECIDED: readonly FindingStatus[] = ["new", "notified", "snoozed"];
/** Statuses after approval, before the teardown is seen: what the scan watches for verification. */
export const APPROVED: readonly FindingStatus[] = ["approved", "planned", "done"];

export interface Approval {
  actor: string;
  actorId: string;
  at: string;
  reason: string;
}

export interface FindingRow extends ResourceColumns {
  id: string;
  rule: string;
  provider: string;
  environment: string | null;
  owner: string | null;
  managed: boolean;
  monthly_savings: string | null;
  currency: string | null;
  confidence: "high" | "medium" | "low";
  protected: boolean;
  protected_reason: string | null;
  second_approval: boolean;
  summary: string;
  evidence: Record<string, unknown>;
  status: FindingStatus;
  cleared_at: Date | null;
  snoozed_until: Date | null;
  notify_deadline: Date | null;
  approvals: Approval[];
  approved_savings: string | null;
  gone_at: Date | null;
  verified_at: Date | null;
  realised_savings: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  updated_at: Date;
}

// numeric as text, so money never passes through a float.
export const FINDING_COLUMNS = `f.id, f.rule, f.resource_key, f.resource_id, f.kind, f.provider, f.address, f.arn, f.name,
  f.region, f.service, f.team, f.environment, f.owner, f.managed, f.monthly_savings::text AS monthly_savings,
  trim(f.currency) AS currency, f.confidence, f.protected, f.protected_reason, f.second_approval, f.summary, f.evidence,
  f.status, f.cleared_at, f.snoozed_until, f.notify_deadline, f.approvals, f.approved_savings::text AS approved_savings,
  f.gone_at, f.verified_at, f.realised_savings::text AS realised_savings, f.first_seen_at, f.last_seen_at, f.updated_at`;

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** Money as the API gives it: the exact decimal without trailing zeros. */
export const money = (value: string | null) => (value === null ? null : fromScaled(toScaled(value)));

export function toFindingView(row: FindingRow) {
  return {
    id: row.id,
    resourceId: row.resource_id,
    resourceKey: row.resource_key,
    address: row.address,
    arn: row.arn,
    name: row.name,
    kind: row.kind,
    provider: row.provider,
    region: row.region,
    rule: row.rule,
    monthlySavings: money(row.monthly_savings),
    currency: row.currency,
    protected: row.protected,
    protectedReason: row.protected_reason,
    secondApproval: row.second_approval,
    status: row.status,
    owner: row.owner,
    team: row.team,
    service: row.service,
    environment: row.environment,
    managed: row.managed,
    confidence: row.confidence,
    summary: row.summary,
    evidence: row.evidence,
    approvals: row.approvals,
    snoozedUntil: iso(row.snoozed_until),
    notifyDeadline: iso(row.notify_deadline),
    clearedAt: iso(row.cleared_at),
    goneAt: iso(row.gone_at),
    verifiedAt: iso(row.verified_at),
    approvedSavings: money(row.approved_savings),
    realisedSavings: money(row.realised_savings),
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
  };
}
export type FindingView = ReturnType<typeof toFindingView>;

/** The finding, locked for a decision; 404 naming the id when there is none. */
export async function lockFinding(client: pg.PoolClient, id: string): Promise<FindingRow> {
  const rows = isUuid(id)
    ? (
        await client.query<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM zombie_finding f WHERE f.id = $1 FOR UPDATE`, [
          id,
        ])
      ).rows
    : [];
  if (!rows[0]) throw new VigilError("not_found", `no zombie finding ${id}`, { field: "id" });
  return rows[0];
}

/** Appends a step to the finding's history, in the caller's transaction. */
export async function recordEvent(
  client: pg.ClientBase,
  findingId: string,
  step: { actor: string; action: string; reason?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await client.query(
    "INSERT INTO zombie_event (finding_id, actor, action, reason, detail) VALUES ($1, $2, $3, $4, $5::jsonb)",
    [findingId, step.actor, step.action, step.reason ?? null, JSON.stringify(step.detail ?? {})],
  );
}
