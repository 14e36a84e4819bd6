import type pg from "pg";
import { CLOUD_INVENTORY_LOCK_SPACE } from "../advisory-locks";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { withSpan } from "../telemetry";
import type { AwsCommand, CloudResourceRecord, CloudResourceSnapshot } from "./schemas";

export interface ImportCloudResourcesResult {
  importId: string;
  command: AwsCommand;
  kind: string;
  resources: number;
  added: number;
  changed: number;
  unchanged: number;
  /** Resources of the kind and scope this output no longer lists, now marked gone. */
  gone: number;
  /** The (region, account) scopes the output was a snapshot of; null is "not known". */
  scopes: { region: string | null; account: string | null }[];
}

type Scope = { region: string | null; account: string | null };

/** The scopes an import covers: every one its resources are in, and the one the caller named. */
function scopesOf(resources: CloudResourceRecord[], given: Scope): Scope[] {
  const all = resources.map(({ region, account }) => ({ region, account }));
  if (given.region || given.account) all.push(given);
  return [...new Map(all.map((scope) => [JSON.stringify(scope), scope])).values()];
}

const INPUT = `jsonb_to_recordset($2::jsonb) AS i(resource_id text, arn text, account text, region text, name text,
  state text, state_since timestamptz, created_at timestamptz, tags jsonb, facts jsonb)`;
const SAME_KEY = `c.provider = 'aws' AND c.kind = $1 AND c.resource_id = i.resource_id
  AND c.account IS NOT DISTINCT FROM i.account AND c.region IS NOT DISTINCT FROM i.region`;

// A row is updated only when what the output says of it changed, so re-importing a file changes
// nothing but last_seen. A state change without a time from the output dates from this import.
const UPSERT = `INSERT INTO cloud_resource AS c (provider, kind, resource_id, arn, account, region, name, state,
    state_since, created_at, tags, facts, first_seen, last_seen)
  SELECT 'aws', $1, resource_id, arn, account, region, name, state, state_since, created_at, tags, facts, $3, $3 FROM ${INPUT}
  ON CONFLICT (provider, kind, account, region, resource_id) DO UPDATE SET
    arn = EXCLUDED.arn, name = EXCLUDED.name, state = EXCLUDED.state, created_at = EXCLUDED.created_at,
    tags = EXCLUDED.tags, facts = EXCLUDED.facts, gone_at = NULL, last_seen = EXCLUDED.last_seen,
    state_since = COALESCE(EXCLUDED.state_since,
      CASE WHEN c.state IS NOT DISTINCT FROM EXCLUDED.state THEN c.state_since ELSE EXCLUDED.last_seen END)
  WHERE (c.arn, c.name, c.state, c.created_at, c.tags, c.facts, c.gone_at)
      IS DISTINCT FROM (EXCLUDED.arn, EXCLUDED.name, EXCLUDED.state, EXCLUDED.created_at, EXCLUDED.tags, EXCLUDED.facts, NULL)
    OR (EXCLUDED.state_since IS NOT NULL AND EXCLUDED.state_since IS DISTINCT FROM c.state_since)
  RETURNING (xmax = 0) AS inserted`;
const SEEN = `UPDATE cloud_resource c SET last_seen = $3 FROM ${INPUT} WHERE ${SAME_KEY}`;
// Every resource this import lists now has last_seen = $3; the rest of its scope is gone.
const GONE = `UPDATE cloud_resource c SET gone_at = $3
  WHERE c.provider = 'aws' AND c.kind = $1 AND c.gone_at IS NULL AND c.last_seen < $3
    AND EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS s(region text, account text)
                WHERE s.region IS NOT DISTINCT FROM c.region AND s.account IS NOT DISTINCT FROM c.account)`;
const LOG = `INSERT INTO cloud_inventory_import (provider, command, region, account, count, detail, imported_by, imported_at)
  VALUES ('aws', $1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id`;

const rowOf = (r: CloudResourceRecord) => ({
  resource_id: r.resourceId,
  arn: r.arn,
  account: r.account,
  region: r.region,
  name: r.name,
  state: r.state,
  state_since: r.stateSince,
  created_at: r.createdAt,
  tags: r.tags,
  facts: r.facts,
});

async function store(client: pg.PoolClient, snapshot: CloudResourceSnapshot, scopes: Scope[]) {
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, $2))", [
    snapshot.kind,
    CLOUD_INVENTORY_LOCK_SPACE,
  ]);
  // After the lock: an import that waited for another is dated after it.
  const { rows } = await client.query<{ now: Date }>("SELECT clock_timestamp() AS now");
  const now = rows[0].now;
  const input = JSON.stringify(snapshot.resources.map(rowOf));
  const upserted = await client.query<{ inserted: boolean }>(UPSERT, [snapshot.kind, input, now]);
  await client.query(SEEN, [snapshot.kind, input, now]);
  const gone = await client.query(GONE, [snapshot.kind, JSON.stringify(scopes), now]);
  const added = upserted.rows.filter((row) => row.inserted).length;
  return { now, added, changed: upserted.rows.length - added, gone: gone.rowCount ?? 0 };
}

/**
 * Stores one describe output as a snapshot of its kind: its resources added or updated, and
 * those of the same kind and scope it no longer lists marked gone, with the import logged and
 * audited in the same transaction. The output is read (and parsed) only once the caller may
 * import, and entirely before anything is written, so a rejected file leaves no trace.
 */
export async function importCloudResources(
  ctx: Ctx,
  input: { command: AwsCommand; given: Scope; read: () => Promise<CloudResourceSnapshot> },
): Promise<ImportCloudResourcesResult> {
  authorize(ctx, "ingest:iac");
  const snapshot = await input.read();
  const scopes = scopesOf(snapshot.resources, input.given);
  return withSpan("importCloudResources", { "vigil.cloud.resources": snapshot.resources.length }, () =>
    sqlTransaction(async (client) => {
      const stored = await store(client, snapshot, scopes);
      const counts = { added: stored.added, changed: stored.changed, gone: stored.gone };
      const unchanged = snapshot.resources.length - stored.added - stored.changed;
      const logged = await client.query<{ id: string }>(LOG, [
        input.command,
        input.given.region,
        input.given.account,
        snapshot.resources.length,
        JSON.stringify({ kind: snapshot.kind, ...counts, unchanged, scopes }),
        ctx.actor.label,
        stored.now,
      ]);
      const importId = logged.rows[0].id;
      await recordAudit(client, ctx, {
        action: "inventory.import_aws",
        target: { type: "cloud_inventory_import", id: importId },
        summary: {
          command: input.command,
          kind: snapshot.kind,
          resources: snapshot.resources.length,
          ...counts,
          scopes,
        },
      });
      return {
        importId,
        command: input.command,
        kind: snapshot.kind,
        resources: snapshot.resources.length,
        ...counts,
        unchanged,
        scopes,
      };
    }),
  );
}
