import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { cursor, integer, parseInput } from "../validation";
import { CloudResourceKind, type CloudResourceRecord } from "./schemas";

/** One stored cloud resource: the record its import parsed, and when Vigil saw it; times are ISO 8601 UTC strings. */
export interface CloudResource extends CloudResourceRecord {
  id: string;
  provider: "aws";
  firstSeen: string;
  lastSeen: string;
  /** When an import of its kind and scope stopped listing it; null while it is there. */
  goneAt: string | null;
}

const MAX_ID = 9_223_372_036_854_775_807n;

const ReadCloudResourcesInput = z.object({
  kinds: z.array(CloudResourceKind).max(6).optional(),
  includeGone: z.boolean().default(false),
  limit: integer(1, 10_000).default(1000),
  after: cursor((value) => (/^\d{1,19}$/.test(value) && BigInt(value) <= MAX_ID ? value : null)).optional(),
});

// Ordered by the bigint column: the text alias would sort "99999" after "100000".
const SELECT = `SELECT id::text, provider, kind, resource_id AS "resourceId", arn, account, region, name, state,
    to_char(state_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "stateSince",
    to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
    tags, facts,
    to_char(first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "firstSeen",
    to_char(last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSeen",
    to_char(gone_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "goneAt"
  FROM cloud_resource
  WHERE ($1::text[] IS NULL OR kind = ANY($1)) AND ($2 OR gone_at IS NULL) AND id > $3::bigint
  ORDER BY cloud_resource.id LIMIT $4`;

/**
 * Cloud resources from the AWS CLI imports, oldest first, a page at a time: pass `next` back as
 * `after` until it is null. Gone resources (torn down, as far as the inventory knows) only when asked.
 */
export async function readCloudResources(
  ctx: Ctx,
  input: z.input<typeof ReadCloudResourcesInput> = {},
): Promise<{ items: CloudResource[]; next: string | null }> {
  authorize(ctx, "read");
  const { kinds, includeGone, limit, after } = parseInput(ReadCloudResourcesInput, input);
  const { rows } = await pool().query<CloudResource>(SELECT, [kinds ?? null, includeGone, after ?? "0", limit]);
  return { items: rows, next: rows.length === limit ? rows[rows.length - 1].id : null };
}
