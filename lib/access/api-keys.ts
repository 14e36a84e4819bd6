import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "../audit/record-audit";
import { coalesce } from "../coalesce";
import { type Actor, authorize, type Ctx, isApiKeyScope } from "../context";
import { db, pool, transaction } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import { ApiKeyName, type ApiKeySummary, CreateApiKeyInput, RevokeApiKeyInput } from "./schemas";

// A key is `vgl_<prefix>_<secret>`: the prefix names it in lists and logs, the 256-bit secret is
// what proves it. Only the SHA-256 of the whole key is stored: a fast hash is right for random
// secrets of this size (no dictionary to search), and lets every request look the key up directly.
const KEY_PATTERN = /^vgl_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const LAST_USED_RESOLUTION_MS = 60_000;

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export async function createApiKey(ctx: Ctx, input: CreateApiKeyInput): Promise<ApiKeySummary & { key: string }> {
  authorize(ctx, "apikeys:manage");
  const { name, scopes } = parseInput(CreateApiKeyInput, input);
  const prefix = randomBytes(5).toString("hex").slice(0, 8);
  const key = `vgl_${prefix}_${randomBytes(32).toString("base64url")}`;
  return transaction(async (tx) => {
    if (await tx.apiKey.findUnique({ where: { name }, select: { id: true } })) {
      throw new VigilError("conflict", `An API key named ${name} already exists`, { field: "name" });
    }
    const created = await tx.apiKey.create({
      data: { name, prefix, hash: hashKey(key), scopes: [...new Set(scopes)], createdBy: ctx.actor.label },
    });
    await recordAudit(tx, ctx, {
      action: "apikey.create",
      target: { type: "apikey", id: name },
      summary: { after: { scopes: created.scopes, prefix } },
    });
    return { ...toSummary(created), key };
  });
}

/** Revokes by id or by name; a revoked key stops working on its next request. */
export async function revokeApiKey(
  ctx: Ctx,
  which: { id?: string; name?: string },
  reason?: string,
): Promise<ApiKeySummary> {
  authorize(ctx, "apikeys:manage");
  const { reason: why } = parseInput(RevokeApiKeyInput, { reason });
  // An id that can not be a key's (empty, NUL, not a UUID) names no key: 404, as an unknown one.
  if (which.id !== undefined && !/^[0-9a-f-]{36}$/i.test(which.id))
    throw new VigilError("not_found", "No such API key");
  const where = which.id !== undefined ? { id: which.id } : { name: parseInput(ApiKeyName, which.name) };
  return transaction(async (tx) => {
    const existing = await tx.apiKey.findUnique({ where });
    if (!existing) throw new VigilError("not_found", which.name ? `No API key named ${which.name}` : "No such API key");
    if (existing.revokedAt) throw new VigilError("conflict", `API key ${existing.name} was already revoked`);
    const revoked = await tx.apiKey.update({ where: { id: existing.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, ctx, {
      action: "apikey.revoke",
      target: { type: "apikey", id: existing.name },
      summary: { before: { scopes: existing.scopes } },
      reason: why,
    });
    return toSummary(revoked);
  });
}

export async function listApiKeys(ctx: Ctx): Promise<ApiKeySummary[]> {
  authorize(ctx, "apikeys:manage");
  const rows = await db().apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
    take: 500,
  });
  return rows.map(toSummary);
}

const KEYS_BY_HASH = "SELECT hash, id::text, name, scopes, revoked_at, last_used_at FROM api_key WHERE hash = ANY ($1)";

interface KeyRow {
  hash: string;
  id: string;
  name: string;
  scopes: string[];
  revoked_at: Date | null;
  last_used_at: Date | null;
}

// Every keyed request (each webhook, each trace batch) passes here: one prepared statement for the
// keys of all requests arriving together (lib/coalesce.ts), not an ORM query, and no cache, so a
// revoked key stops working on its very next request.
const keyByHash = coalesce(
  async (hashes: string[]): Promise<(KeyRow | undefined)[]> => {
    const { rows } = await pool().query<KeyRow>({ name: "api-keys-by-hash", text: KEYS_BY_HASH, values: [hashes] });
    const byHash = new Map(rows.map((row) => [row.hash, row]));
    return hashes.map((hash) => byHash.get(hash));
  },
  { maxBatch: 64, maxInFlight: 2 },
);

/** The actor behind a presented key, or null when the key is unknown, malformed or revoked. */
export async function authenticateApiKey(key: string): Promise<Actor | null> {
  if (!KEY_PATTERN.test(key)) return null;
  const found = await keyByHash(hashKey(key));
  if (!found || found.revoked_at) return null;
  const now = Date.now();
  if (!found.last_used_at || now - found.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await pool().query("UPDATE api_key SET last_used_at = $2 WHERE id = $1", [found.id, new Date(now)]);
  }
  return { kind: "api_key", id: found.id, label: found.name, role: null, scopes: found.scopes.filter(isApiKeyScope) };
}

function toSummary(row: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
