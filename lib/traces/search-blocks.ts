import type pg from "pg";
import type { OpenBlock } from "./block/open-block";
import type { SpanRow } from "./block/span-row";
import type { SpanFilter } from "./search-conditions";
import { storedNamesOf } from "./attribute-keys";
import { openBlocksWhere } from "./span-source";

// The block side of a trace search: the spans of blocks that match a search's filters, found in
// Node, by the same tests the rows' SQL makes (lib/traces/search-conditions.ts).

const STATUS_CODES = { unset: 0, ok: 1, error: 2 } as const;

/** Attributes promoted to columns, as search-conditions.ts searches them. */
const PROMOTED: Record<string, (b: OpenBlock, i: number) => string | null> = {
  "http.route": (b, i) => b.get("httpRoute", i),
  "http.response.status_code": (b, i) => nullableText(b.get("httpStatusCode", i)),
  "http.status_code": (b, i) => nullableText(b.get("httpStatusCode", i)),
  "db.system": (b, i) => b.get("dbSystem", i),
  "peer.service": (b, i) => b.get("peerService", i),
  "vigil.feature": (b, i) => b.get("feature", i),
  "deployment.environment": (b, i) => b.get("environment", i),
};

const nullableText = (value: number | null) => (value === null ? null : String(value));
const micros = (date: Date) => BigInt(date.getTime()) * 1000n;
const nanosOf = (ms: number) => BigInt(Math.round(ms * 1e6));

/** The metadata conditions that rule whole blocks out before any is decoded. */
function blockConditions(filter: SpanFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [filter.from, filter.to];
  const where = ["b.min_start < $2", "b.max_start >= $1"];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.service) add((p) => `b.service = ${p}`, filter.service);
  if (filter.operation) add((p) => `${p} = ANY(b.names)`, filter.operation);
  if (filter.status === "error") where.push("b.error_count > 0");
  if (filter.minDurationMs !== undefined)
    add((p) => `b.max_duration_ns >= ${p}::bigint`, nanosOf(filter.minDurationMs).toString());
  if (filter.maxDurationMs !== undefined)
    add((p) => `b.min_duration_ns <= ${p}::bigint`, nanosOf(filter.maxDurationMs).toString());
  return { where: where.join(" AND "), params };
}

/** A test of one span of a block against the filters (the attribute test may say yes wrongly, never no). */
function spanTest(filter: SpanFilter): (b: OpenBlock, i: number) => boolean {
  const [from, to] = [micros(filter.from), micros(filter.to)];
  const min = filter.minDurationMs === undefined ? null : nanosOf(filter.minDurationMs);
  const max = filter.maxDurationMs === undefined ? null : nanosOf(filter.maxDurationMs);
  const status = filter.status === undefined ? null : STATUS_CODES[filter.status];
  const at = filter.attr ? filter.attr.indexOf(":") : -1;
  const key = filter.attr?.slice(0, at) ?? "";
  const value = filter.attr?.slice(at + 1) ?? "";
  const promoted = Object.hasOwn(PROMOTED, key) ? PROMOTED[key] : undefined;
  const escaped = JSON.stringify(value).slice(1, -1);
  return (b, i) => {
    const start = b.get("startUs", i);
    if (start < from || start >= to) return false;
    if (filter.operation !== undefined && b.get("name", i) !== filter.operation) return false;
    if (status !== null && b.get("statusCode", i) !== status) return false;
    const duration = min === null && max === null ? 0n : b.get("durationNs", i);
    if ((min !== null && duration < min) || (max !== null && duration > max)) return false;
    if (!filter.attr) return true;
    if (promoted) return promoted(b, i) === value;
    // A string value is escaped in the JSONB text; an object or array value is its text as it is.
    const text = b.get("attributes", i);
    return text.includes(escaped) || text.includes(value);
  };
}

/** Of these attribute texts (JSONB), the positions whose `key` is `value`, by the rows' own test. */
async function attributeMatches(
  client: pg.PoolClient,
  texts: string[],
  key: string,
  value: string,
): Promise<Set<number>> {
  const names = await storedNamesOf(key);
  const passed = new Set<number>();
  for (let at = 0; at < texts.length; at += RECHECK_CHUNK) {
    const { rows } = await client.query<{ i: string }>(
      `SELECT (i - 1)::text AS i FROM unnest($1::text[]) WITH ORDINALITY AS a(attrs, i)
       WHERE attrs::jsonb ->> $2 = $4 OR attrs::jsonb ->> $3 = $4`,
      [texts.slice(at, at + RECHECK_CHUNK), names[0], names[1] ?? names[0], value],
    );
    for (const row of rows) passed.add(at + Number(row.i));
  }
  return passed;
}

/** Attribute texts rechecked in SQL by one statement. */
const RECHECK_CHUNK = 4_096;

/**
 * Blocks' spans that match the search's filters, as `pick` takes them. The Node test is exact but
 * for an attribute kept in the JSONB: the spans it lets through are rechecked in SQL.
 */
export async function matchingBlockSpans<T = SpanRow>(
  client: pg.PoolClient,
  filter: SpanFilter,
  pick: (block: OpenBlock, i: number) => T = (block, i) => block.row(i) as T,
): Promise<T[]> {
  const { where, params } = blockConditions(filter);
  const blocks = await openBlocksWhere(client, where, params);
  const test = spanTest(filter);
  const hits: BlockSpan[] = [];
  for (const block of blocks) for (let i = 0; i < block.count; i += 1) if (test(block, i)) hits.push({ block, i });
  const key = filter.attr?.slice(0, filter.attr.indexOf(":"));
  if (key === undefined || Object.hasOwn(PROMOTED, key)) return hits.map(({ block, i }) => pick(block, i));
  const texts = hits.map(({ block, i }) => block.get("attributes", i));
  const passed = await attributeMatches(client, texts, key, filter.attr!.slice(key.length + 1));
  return hits.filter((_, n) => passed.has(n)).map(({ block, i }) => pick(block, i));
}

/** A span of an opened block. */
export interface BlockSpan {
  block: OpenBlock;
  i: number;
}
