import type pg from "pg";
import { costImpact } from "./cost-impact";
import { decideCause } from "./drift-cause";
import type { CompiledRule } from "../policy/compile-rule";
import { loadDeployments } from "./load-deployments";
import { policyImpact } from "./policy-impact";
import { type DriftFormat, type DriftObservation, KINDS_SEEN, type ParsedDrift } from "./schemas";

// Writes one import's observations: a new open record per resource and kind (an event
// "detected"), the same record seen again (last seen moves; "changed" when its attributes did),
// and the open records of the kinds this format can see that it no longer shows ("resolved").

export interface ImportScope {
  importId: string;
  workspace: string;
  format: DriftFormat;
  at: Date;
  windowFrom: Date;
  previousVersion: string | null;
  /** The policy rules in force, for the rules a drift now breaks. */
  rules: readonly CompiledRule[];
}

// jsonb equality, not text: PostgreSQL stores object keys in its own order.
const OPEN = `SELECT id, changes = $4::jsonb AS same FROM drift_record
  WHERE workspace = $1 AND address = $2 AND kind = $3 AND resolved_at IS NULL`;
const INSERT = `INSERT INTO drift_record (workspace, address, kind, resource_type, provider, cloud_id, changes, actions, cause,
    cause_evidence, cost_impact, first_seen_at, last_seen_at, first_import_id, last_import_id, policy_impact)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10::jsonb, $11::jsonb, $12, $12, $13, $13, $14::jsonb) RETURNING id`;
// A later file that does not give the values keeps what an earlier one found.
const SEEN_AGAIN = `UPDATE drift_record SET last_seen_at = GREATEST(last_seen_at, $2), last_import_id = $3, changes = $4::jsonb,
    policy_impact = COALESCE($5::jsonb, policy_impact), updated_at = now() WHERE id = $1`;
const EVENT = `INSERT INTO drift_event (workspace, address, drift_id, import_id, at, event, kind, changes)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`;

/** One record per address and kind: a file naming a resource twice counts it once. */
export function distinct(observations: readonly DriftObservation[]): DriftObservation[] {
  return [...new Map(observations.map((o) => [`${o.kind}\u0000${o.address}`, o])).values()];
}

export async function storeObservations(
  client: pg.ClientBase,
  scope: ImportScope,
  parsed: ParsedDrift,
): Promise<number> {
  const deployments = await loadDeployments(client, scope.workspace, { from: scope.windowFrom, to: scope.at });
  const planned = new Map(parsed.planned.map((change) => [change.address, change]));
  const seen: { kinds: string[]; addresses: string[] } = { kinds: [], addresses: [] };
  for (const observation of distinct(parsed.observations)) {
    seen.kinds.push(observation.kind);
    seen.addresses.push(observation.address);
    const changes = JSON.stringify(observation.changes);
    const impact = policyImpact(scope.rules, observation);
    const policy = impact && JSON.stringify(impact);
    const open = await client.query<{ id: string; same: boolean }>(OPEN, [
      scope.workspace,
      observation.address,
      observation.kind,
      changes,
    ]);
    const existing = open.rows[0];
    if (existing) {
      const changed = !existing.same;
      await client.query(SEEN_AGAIN, [existing.id, scope.at, scope.importId, changes, policy]);
      if (changed) await event(client, scope, observation, existing.id, "changed");
      continue;
    }
    const { cause, evidence } = decideCause({
      observation,
      planned: planned.get(observation.address),
      previousVersion: scope.previousVersion,
      version: parsed.toolVersion,
      deployments,
      window: { from: scope.windowFrom, to: scope.at },
    });
    const cost = await costImpact(client, observation.cloudId, observation.changes, scope.at, new Date());
    const inserted = await client.query<{ id: string }>(INSERT, [
      scope.workspace,
      observation.address,
      observation.kind,
      observation.type,
      observation.provider,
      observation.cloudId,
      changes,
      JSON.stringify(observation.actions),
      cause,
      JSON.stringify(evidence),
      cost && JSON.stringify(cost),
      scope.at,
      scope.importId,
      policy,
    ]);
    await event(client, scope, observation, inserted.rows[0].id, "detected");
  }
  return resolveUnseen(client, scope, seen);
}

function event(client: pg.ClientBase, scope: ImportScope, o: DriftObservation, driftId: string, name: string) {
  return client.query(EVENT, [
    scope.workspace,
    o.address,
    driftId,
    scope.importId,
    scope.at,
    name,
    o.kind,
    JSON.stringify(o.changes),
  ]);
}

async function resolveUnseen(
  client: pg.ClientBase,
  scope: ImportScope,
  seen: { kinds: string[]; addresses: string[] },
): Promise<number> {
  const { rows } = await client.query<{ id: string; address: string; kind: string }>(
    `UPDATE drift_record SET resolved_at = $3, updated_at = now()
      WHERE workspace = $1 AND resolved_at IS NULL AND kind = ANY($2::text[]) AND first_seen_at <= $3
        AND NOT EXISTS (SELECT 1 FROM unnest($4::text[], $5::text[]) AS s(kind, address)
          WHERE s.kind = drift_record.kind AND s.address = drift_record.address)
      RETURNING id, address, kind`,
    [scope.workspace, KINDS_SEEN[scope.format], scope.at, seen.kinds, seen.addresses],
  );
  for (const row of rows)
    await client.query(EVENT, [
      scope.workspace,
      row.address,
      row.id,
      scope.importId,
      scope.at,
      "resolved",
      row.kind,
      "[]",
    ]);
  return rows.length;
}
