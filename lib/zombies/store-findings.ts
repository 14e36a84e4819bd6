import type pg from "pg";
import { ZOMBIE_SCAN_LOCK } from "../advisory-locks";
import type { BillEnd } from "./load-billing";
import type { ResourceFields } from "./resource-fields";
import { recordSavingsDay } from "./savings";

// Writes one scan's findings: new ones appear, matched ones are refreshed (their queue status is
// people's and is left alone), undecided ones the scan no longer sees are cleared, snoozes that
// ended come back, and approved teardowns whose resource is gone and no longer billed are verified.

export interface DetectedFinding extends ResourceFields {
  rule: string;
  provider: string;
  environment: string | null;
  owner: string | null;
  managed: boolean;
  monthlySavings: string | null;
  currency: string | null;
  confidence: "high" | "medium" | "low";
  protected: boolean;
  protectedReason: string | null;
  secondApproval: boolean;
  summary: string;
  evidence: unknown;
}

/** What the scan saw besides findings: which resources exist and what the newest bill day charged. */
export interface Presence {
  /** Resource keys that exist now (in a Terraform state, the cloud inventory, or serving traffic). */
  present: ReadonlySet<string>;
  /** Per resource id billed in the scan's window: its account's newest bill day, and whether that day charged it. */
  billEnds: ReadonlyMap<string, BillEnd>;
}

const CHUNK = 5_000;
const RECORD = `x(rule text, "resourceKey" text, "resourceId" text, kind text, provider text, address text, arn text,
  name text, region text, service text, team text, environment text, owner text, managed boolean,
  "monthlySavings" numeric, currency text, confidence text, protected boolean, "protectedReason" text,
  "secondApproval" boolean, summary text, evidence jsonb)`;

const UPSERT = `INSERT INTO zombie_finding AS f (rule, resource_key, resource_id, kind, provider, address, arn, name, region,
    service, team, environment, owner, managed, monthly_savings, currency, confidence, protected, protected_reason,
    second_approval, summary, evidence, first_seen_at, last_seen_at)
  SELECT rule, "resourceKey", "resourceId", kind, provider, address, arn, name, region, service, team, environment, owner,
    managed, "monthlySavings", currency, confidence, protected, "protectedReason", "secondApproval", summary, evidence, $2, $2
  FROM jsonb_to_recordset($1::jsonb) AS ${RECORD}
  ON CONFLICT (rule, resource_key) DO UPDATE SET resource_id = excluded.resource_id, kind = excluded.kind,
    provider = excluded.provider, address = excluded.address, arn = excluded.arn, name = excluded.name,
    region = excluded.region, service = excluded.service, team = excluded.team, environment = excluded.environment,
    owner = excluded.owner, managed = excluded.managed, monthly_savings = excluded.monthly_savings,
    currency = excluded.currency, confidence = excluded.confidence, protected = excluded.protected,
    protected_reason = excluded.protected_reason, second_approval = excluded.second_approval,
    summary = excluded.summary, evidence = excluded.evidence, last_seen_at = $2, cleared_at = NULL, updated_at = $2
  RETURNING f.id, (f.xmax = 0) AS inserted`;

const EVENTS = `INSERT INTO zombie_event (finding_id, at, actor, action, detail)
  SELECT id, $2, 'vigil:scan', $3, '{}'::jsonb FROM unnest($1::uuid[]) AS id`;

async function events(client: pg.ClientBase, ids: string[], now: Date, action: string) {
  if (ids.length) await client.query(EVENTS, [ids, now, action]);
}

async function upsert(client: pg.ClientBase, findings: readonly DetectedFinding[], now: Date): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < findings.length; i += CHUNK) {
    const { rows } = await client.query<{ id: string; inserted: boolean }>(UPSERT, [
      JSON.stringify(findings.slice(i, i + CHUNK)),
      now,
    ]);
    const fresh = rows.filter((row) => row.inserted).map((row) => row.id);
    await events(client, fresh, now, "found");
    inserted += fresh.length;
  }
  return inserted;
}

/** Approved teardowns whose resource is gone: verified once the newest bill day after that charges nothing. */
async function verify(client: pg.ClientBase, presence: Presence, now: Date) {
  const { rows } = await client.query<{ id: string; resource_key: string; resource_id: string; gone_at: Date | null }>(
    "SELECT id, resource_key, resource_id, gone_at FROM zombie_finding WHERE status IN ('approved', 'planned', 'done')",
  );
  const gone = rows.filter((row) => !presence.present.has(row.resource_key));
  const newlyGone = gone.filter((row) => !row.gone_at).map((row) => row.id);
  if (newlyGone.length) {
    await client.query("UPDATE zombie_finding SET gone_at = $2, updated_at = $2 WHERE id = ANY ($1::uuid[])", [
      newlyGone,
      now,
    ]);
    await events(client, newlyGone, now, "resource gone");
  }
  // Not billed in the window: nothing left to stop. Billed: its account's bill covers a later day that charged it nothing.
  const stopped = (row: { resource_id: string; gone_at: Date | null }) => {
    const end = presence.billEnds.get(row.resource_id);
    return !end || (!end.charged && end.day > (row.gone_at ?? now));
  };
  const verified = gone.filter(stopped).map((row) => row.id);
  if (verified.length) {
    await client.query(
      `UPDATE zombie_finding SET status = 'verified', verified_at = $2, realised_savings = approved_savings, updated_at = $2
       WHERE id = ANY ($1::uuid[])`,
      [verified, now],
    );
    await events(client, verified, now, "verified");
  }
  return verified.length;
}

/** Stores a scan's result in the caller's transaction; `rules` are those that ran (only their findings clear). */
export async function storeFindings(
  client: pg.ClientBase,
  findings: readonly DetectedFinding[],
  rules: readonly string[],
  presence: Presence,
  now: Date,
) {
  await client.query("SELECT pg_advisory_xact_lock($1)", [ZOMBIE_SCAN_LOCK]);
  const inserted = await upsert(client, findings, now);
  // By the set, not by last_seen_at: two scans may share a timestamp (a test's clock, a fast retry).
  const cleared = await client.query<{ id: string }>(
    `UPDATE zombie_finding f SET cleared_at = $1, updated_at = $1 WHERE cleared_at IS NULL
       AND status IN ('new', 'notified', 'snoozed') AND rule = ANY ($2::text[])
       AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[]) AS seen (rule, resource_key)
                       WHERE seen.rule = f.rule AND seen.resource_key = f.resource_key)
     RETURNING id`,
    [now, rules, findings.map((f) => f.rule), findings.map((f) => f.resourceKey)],
  );
  await events(
    client,
    cleared.rows.map((row) => row.id),
    now,
    "cleared",
  );
  const woke = await client.query<{ id: string }>(
    `UPDATE zombie_finding SET status = 'new', snoozed_until = NULL, notify_deadline = NULL, updated_at = $1
     WHERE status = 'snoozed' AND snoozed_until <= $1 RETURNING id`,
    [now],
  );
  await events(
    client,
    woke.rows.map((row) => row.id),
    now,
    "snooze ended",
  );
  const verified = await verify(client, presence, now);
  await recordSavingsDay(client, now);
  return { found: findings.length, new: inserted, cleared: cleared.rowCount ?? 0, woke: woke.rowCount ?? 0, verified };
}
