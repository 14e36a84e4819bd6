import { blockOf } from "@/lib/agent/load-facts";
import type { EvidenceKind } from "@/lib/agent/schemas";
import { pool } from "@/lib/db";
import { storedTraceIds } from "@/lib/traces/stored-spans";
import { isUuid } from "@/lib/validation";

// Which of the evidence ids a proposal cites name something Vigil holds. One query per kind, each
// over an index (the bill over the window's BRIN index); an id malformed for its kind is simply
// not found.

const DAY_MS = 86_400_000;
const BILL_LOOKBACK_DAYS = 400;

const UUID_TABLE: Partial<Record<EvidenceKind, string>> = {
  zombie: "zombie_finding",
  "policy-finding": "policy_finding",
  drift: "drift_record",
  anomaly: "anomaly",
};

async function found(kind: EvidenceKind, ids: string[], asOf: Date): Promise<string[]> {
  const table = UUID_TABLE[kind];
  const query = async (sql: string, values: unknown[]) =>
    (await pool().query<{ id: string }>(sql, values)).rows.map((row) => row.id);
  if (table) {
    const uuids = ids.filter(isUuid);
    return uuids.length ? query(`SELECT id::text AS id FROM ${table} WHERE id = ANY($1::uuid[])`, [uuids]) : [];
  }
  if (kind === "slo-alert") {
    const numbers = ids.filter((id) => /^\d{1,18}$/.test(id));
    return numbers.length ? query(`SELECT id::text AS id FROM slo_alert WHERE id = ANY($1::bigint[])`, [numbers]) : [];
  }
  if (kind === "trace") return storedTraceIds(ids);
  if (kind === "resource") {
    const rows = await query(
      `SELECT DISTINCT address AS id FROM inventory_resource
       WHERE regexp_replace(address, '\\[[^\\]]*\\]$', '') = ANY($1::text[])`,
      [[...new Set(ids.map(blockOf))]],
    );
    const known = new Set(rows.flatMap((address) => [address, blockOf(address)]));
    return ids.filter((id) => known.has(id));
  }
  return query(
    `SELECT DISTINCT resource_id AS id FROM cost_line
     WHERE resource_id = ANY($1::text[]) AND charge_period_start >= $2 AND charge_period_start < $3`,
    [ids, new Date(asOf.getTime() - BILL_LOOKBACK_DAYS * DAY_MS), new Date(asOf.getTime() + DAY_MS)],
  );
}

/** The subset of `evidenceIds` (kind:id) that exists. */
export async function loadEvidence(evidenceIds: readonly string[], asOf: Date): Promise<Set<string>> {
  const byKind = new Map<EvidenceKind, string[]>();
  for (const evidenceId of new Set(evidenceIds)) {
    const colon = evidenceId.indexOf(":");
    const kind = evidenceId.slice(0, colon) as EvidenceKind;
    byKind.set(kind, [...(byKind.get(kind) ?? []), evidenceId.slice(colon + 1)]);
  }
  const results = await Promise.all(
    [...byKind].map(async ([kind, ids]) => (await found(kind, ids, asOf)).map((id) => `${kind}:${id}`)),
  );
  return new Set(results.flat());
}
