import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { hasLoneSurrogate } from "../validation";
import { PROMOTED } from "./span-record";

const PROMOTED_KEYS: string[] = Object.values(PROMOTED).flat();

// Span attribute keys ("http.request.method", "server.address", ...) repeat in every span and were
// a third of a stored span. Each key is stored once in span_attribute_key, and a span's JSONB
// attributes name it by its id: {"7": "POST"}. A key the dictionary can not take (too long, or the
// dictionary is full because some client puts ids in its keys) is kept literally, prefixed "~".
// Digits-only names and "~" names can not be confused, so both kinds live in one object.
// The SQL function span_attributes(jsonb) gives the readable form for ad hoc queries.

/** Keys in the dictionary at most; beyond it new keys are stored literally. */
const MAX_DICTIONARY_KEYS = 50_000;
const MAX_KEY_LENGTH = 256;
const LITERAL_PREFIX = "~";

// A key PostgreSQL text would store changed (NUL, a lone surrogate) would come back as another
// key, and the dictionary would look full: such keys stay literal.
const mayHaveId = (key: string) => key.length <= MAX_KEY_LENGTH && !key.includes("\0") && !hasLoneSurrogate(key);

/** The key dictionary of one database as far as this process has read it; decoders name keys by it. */
export interface AttributeKeys {
  readonly ids: Map<string, number>;
  /** The stored name of each key with an id, as JSON text: "17". */
  readonly names: Map<string, string>;
  readonly keys: Map<number, string>;
  full: boolean;
}

// One per pool: tests and benchmarks switch databases, and ids are only meaningful in their own.
const dictionaries = new WeakMap<object, AttributeKeys>();

/** The attribute key dictionary of the database in use, for a decoder to name keys by. */
export function attributeKeys(): AttributeKeys {
  const current = pool();
  let found = dictionaries.get(current);
  if (!found) {
    found = { ids: new Map(), names: new Map(), keys: new Map(), full: false };
    dictionaries.set(current, found);
  }
  return found;
}

function remember(dict: AttributeKeys, rows: { id: number; key: string }[]): void {
  for (const { id, key } of rows) {
    dict.ids.set(key, id);
    dict.names.set(key, `"${id}"`);
    dict.keys.set(id, key);
  }
}

/**
 * Gives every key of `keys` an id, unless it must stay literal. Runs in its own statements,
 * committed before any span names the ids. Concurrent callers may race: the unique key decides.
 */
export async function registerAttributeKeys(ctx: Ctx, keys: Iterable<string>): Promise<void> {
  authorize(ctx, "ingest:traces");
  const client = pool();
  const dict = attributeKeys();
  if (dict.full) return;
  // PostgreSQL text can not hold NUL: such keys stay literal (and their NUL becomes U+FFFD).
  // Promoted keys always get an id: the protobuf hot path names them by it when they are stored.
  const missing = [...new Set([...keys, ...PROMOTED_KEYS])]
    .filter((key) => !dict.ids.has(key) && mayHaveId(key))
    .sort();
  if (missing.length === 0) return;
  // Sorted, so concurrent inserts take the unique-index locks in one order and never deadlock.
  await client.query(
    `INSERT INTO span_attribute_key (key)
     SELECT key FROM unnest($1::text[]) AS key WHERE (SELECT count(*) FROM span_attribute_key) < $2
     ON CONFLICT (key) DO NOTHING`,
    [missing, MAX_DICTIONARY_KEYS],
  );
  const { rows } = await client.query<{ id: number; key: string }>(
    `SELECT id, key FROM span_attribute_key WHERE key = ANY($1::text[])`,
    [missing],
  );
  remember(dict, rows);
  if (rows.length < missing.length) dict.full = true;
}

/**
 * Writes attribute names in their stored form, as JSON strings: `"17"` for a key with an id,
 * `"~key"` for the rest. Keys that could still get an id are collected in `newKeys`.
 */
export class AttributeNamer {
  readonly newKeys = new Set<string>();
  // New keys of the span being written, kept only if the span is (`keep`).
  private pending: string[] = [];

  constructor(readonly dict: AttributeKeys) {}

  name(key: string): string {
    const named = this.dict.names.get(key);
    if (named !== undefined) return named;
    if (!this.dict.full && mayHaveId(key)) this.pending.push(key);
    return JSON.stringify(LITERAL_PREFIX + key);
  }

  /** The span whose names were just written is stored: its new keys count. */
  keep(): void {
    for (const key of this.pending) this.newKeys.add(key);
    this.pending.length = 0;
  }

  /** The span whose names were just written is rejected. */
  drop(): void {
    this.pending.length = 0;
  }

  /** JSON text of one span's attributes in the stored form. */
  encode(attributes: Record<string, unknown>): string {
    let out = "";
    for (const key in attributes)
      out += `${out ? "," : "{"}${this.name(key)}:${JSON.stringify(attributes[key]) ?? "null"}`;
    this.keep();
    return out ? `${out}}` : "{}";
  }
}

/** The readable attributes of stored rows, loading ids this process has not seen yet. */
export async function decodeAttributes(stored: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const dict = attributeKeys();
  const unknown = new Set<number>();
  for (const attributes of stored) {
    for (const name in attributes) {
      if (name.startsWith(LITERAL_PREFIX)) continue;
      const id = Number(name);
      if (!dict.keys.has(id)) unknown.add(id);
    }
  }
  if (unknown.size > 0) {
    const { rows } = await pool().query<{ id: number; key: string }>(
      `SELECT id, key FROM span_attribute_key WHERE id = ANY($1::int[])`,
      [[...unknown]],
    );
    remember(dict, rows);
  }
  return stored.map((attributes) => {
    const out: Record<string, unknown> = {};
    for (const name in attributes) {
      const key = name.startsWith(LITERAL_PREFIX)
        ? name.slice(LITERAL_PREFIX.length)
        : (dict.keys.get(Number(name)) ?? name);
      out[key] = attributes[name];
    }
    return out;
  });
}

/** The stored names a key may have: its id, if it has one, and its literal form. */
export async function storedNamesOf(key: string): Promise<string[]> {
  const dict = attributeKeys();
  let id = dict.ids.get(key);
  if (id === undefined) {
    const { rows } = await pool().query<{ id: number; key: string }>(
      `SELECT id, key FROM span_attribute_key WHERE key = $1`,
      [key],
    );
    remember(dict, rows);
    id = rows[0]?.id;
  }
  return id === undefined ? [LITERAL_PREFIX + key] : [String(id), LITERAL_PREFIX + key];
}
