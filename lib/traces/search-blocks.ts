import type pg from "pg";
import type { OpenBlock } from "./block/open-block";
import type { SpanRow } from "./block/span-row";
import type { SpanFilter } from "./search-conditions";
import { openBlocksWhere } from "./span-source";

// The block side of a trace search: the spans of blocks that match a search's filters, found in
// Node. The search's SQL then reads them beside the rows and applies the same filters again, so
// what is picked here only needs to include every match (the attribute test is a superset).

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

/** The attribute keys whose block test is exact (their columns), unlike the JSONB ones. */
export const PROMOTED_KEYS: ReadonlySet<string> = new Set(Object.keys(PROMOTED));

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

/** Blocks' spans that may match the search's filters (every one that does), as `pick` takes them. */
export async function matchingBlockSpans<T = SpanRow>(
  client: pg.PoolClient,
  filter: SpanFilter,
  pick: (block: OpenBlock, i: number) => T = (block, i) => block.row(i) as T,
): Promise<T[]> {
  const { where, params } = blockConditions(filter);
  const blocks = await openBlocksWhere(client, where, params);
  const test = spanTest(filter);
  const spans: T[] = [];
  for (const block of blocks) for (let i = 0; i < block.count; i += 1) if (test(block, i)) spans.push(pick(block, i));
  return spans;
}

/** A span of an opened block. */
export interface BlockSpan {
  block: OpenBlock;
  i: number;
}

/**
 * Keeps the spans of the `keep` traces that come first newest-first by their last matching span
 * (and the trace id, hex), after the cursor: no other trace's block spans can reach such a page,
 * as its key over rows and blocks is at least its key over blocks.
 */
export function newestTraces(spans: BlockSpan[], keep: number, cursor?: { key: string; traceId: string }): BlockSpan[] {
  const idOf = ({ block, i }: BlockSpan) => block.get("traceId", i).toString("hex");
  const last = new Map<string, bigint>();
  for (const span of spans) {
    const id = idOf(span);
    const start = span.block.get("startUs", span.i);
    const seen = last.get(id);
    if (seen === undefined || start > seen) last.set(id, start);
  }
  const before = cursor ? { us: BigInt(cursor.key), id: cursor.traceId } : null;
  const kept = [...last]
    .filter(([id, us]) => !before || us < before.us || (us === before.us && id < before.id))
    .sort(([a, x], [b, y]) => (x === y ? (a < b ? 1 : -1) : x < y ? 1 : -1))
    .slice(0, keep);
  const ids = new Set(kept.map(([id]) => id));
  return spans.filter((span) => ids.has(idOf(span)));
}
