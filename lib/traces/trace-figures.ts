import type pg from "pg";
import type { OpenBlock } from "./block/open-block";

// A found trace's figures (span count, start, duration, first error, root) over all its spans,
// rows and blocks alike. Each side gives partial figures and merge() joins them, so a search never
// has to put tens of thousands of block spans beside the rows to aggregate them in SQL.

/** A value that belongs to the trace's first span of some kind: first by start, then span id. */
interface Ranked<T> {
  us: bigint;
  spanId: string;
  value: T;
}

export interface TraceFigures {
  traceId: string;
  spanCount: number;
  startUs: bigint;
  /** The latest end, in ns since 1970. */
  endNs: bigint;
  error: boolean;
  errorMessage: Ranked<string> | null;
  root: Ranked<[service: string, name: string]> | null;
  first: Ranked<[service: string, name: string]>;
}

const before = <T>(a: Ranked<T>, b: Ranked<T>) => a.us < b.us || (a.us === b.us && a.spanId < b.spanId);
const earlier = <T>(a: Ranked<T> | null, b: Ranked<T> | null) => (a === null ? b : b === null || before(a, b) ? a : b);

/** The figures of one trace over two disjoint sets of its spans. */
export function mergeFigures(a: TraceFigures, b: TraceFigures): TraceFigures {
  return {
    traceId: a.traceId,
    spanCount: a.spanCount + b.spanCount,
    startUs: a.startUs < b.startUs ? a.startUs : b.startUs,
    endNs: a.endNs > b.endNs ? a.endNs : b.endNs,
    error: a.error || b.error,
    errorMessage: earlier(a.errorMessage, b.errorMessage),
    root: earlier(a.root, b.root),
    first: earlier(a.first, b.first) ?? a.first,
  };
}

/** Adds each figure of `more` into `into`, by trace. */
export function mergeInto(into: Map<string, TraceFigures>, more: Iterable<TraceFigures>): void {
  for (const figures of more) {
    const seen = into.get(figures.traceId);
    into.set(figures.traceId, seen ? mergeFigures(seen, figures) : figures);
  }
}

/** A trace's first start (µs) and last end (ns): what ordering by duration needs. */
export type Extent = Pick<TraceFigures, "traceId" | "startUs" | "endNs">;

/** The duration from the first start to the last end, in ns. */
export const durationNs = (f: Extent) => f.endNs - f.startUs * 1000n;

/** The extents of these traces over rows and these blocks, by trace (hex). */
export async function traceExtents(client: pg.ClientBase, ids: Buffer[], blocks: OpenBlock[]): Promise<Extent[]> {
  const { rows } = await client.query<{ trace_id: string; start_us: string; end_ns: string }>(
    `SELECT encode(trace_id, 'hex') AS trace_id, min(us)::text AS start_us, max(us * 1000 + duration_ns)::text AS end_ns
     FROM (SELECT trace_id, duration_ns, (extract(epoch FROM start_time) * 1e6)::bigint AS us FROM span
           WHERE trace_id = ANY($1::bytea[])) s
     GROUP BY trace_id`,
    [ids],
  );
  const extents = new Map<string, Extent>();
  const add = (traceId: string, startUs: bigint, endNs: bigint) => {
    const seen = extents.get(traceId);
    if (!seen) extents.set(traceId, { traceId, startUs, endNs });
    else {
      if (startUs < seen.startUs) seen.startUs = startUs;
      if (endNs > seen.endNs) seen.endNs = endNs;
    }
  };
  for (const row of rows) add(row.trace_id, BigInt(row.start_us), BigInt(row.end_ns));
  eachTrace(blocks, ids, (block, traceId, from, to) => {
    for (let i = from; i < to; i++) {
      const us = block.get("startUs", i);
      add(traceId, us, us * 1000n + block.get("durationNs", i));
    }
  });
  return [...extents.values()];
}

/** Visits each of these traces' run of rows in each of these blocks: each block's traces are walked once. */
function eachTrace(
  blocks: OpenBlock[],
  ids: Buffer[],
  visit: (block: OpenBlock, traceId: string, from: number, to: number) => void,
): void {
  const wanted = new Set(ids.map((id) => id.toString("latin1")));
  for (const block of blocks)
    for (let t = 0; t < block.traceCount; t++) {
      const { id, from, to } = block.trace(t);
      if (wanted.has(id.toString("latin1"))) visit(block, id.toString("hex"), from, to);
    }
}

const ranked = <T>(us: unknown, spanId: unknown, value: T): Ranked<T> | null =>
  us === null ? null : { us: BigInt(us as string), spanId: spanId as string, value };

/** Per trace, `first(x, filter)` picks x of its first span (by start, then span id) that passes filter. */
const first = (x: string, filter = "") =>
  `(array_agg(${x} ORDER BY start_time, span_id)${filter ? ` FILTER (WHERE ${filter})` : ""})[1]`;
const ERROR = "status_code = 2 AND status_message <> ''";
const ROOT = "parent_span_id IS NULL";

/** The figures of these traces over their spans stored as rows. */
export async function rowFigures(client: pg.ClientBase, ids: Buffer[]): Promise<TraceFigures[]> {
  if (ids.length === 0) return [];
  const { rows } = await client.query(
    `SELECT encode(trace_id, 'hex') AS trace_id, count(*)::int AS span_count, min(us)::text AS start_us,
            max(us * 1000 + duration_ns)::text AS end_ns, bool_or(status_code = 2) AS error,
            ${first("us::text", ERROR)} AS error_us, ${first("encode(span_id, 'hex')", ERROR)} AS error_span,
            ${first("status_message", ERROR)} AS error_message,
            ${first("us::text", ROOT)} AS root_us, ${first("encode(span_id, 'hex')", ROOT)} AS root_span,
            ${first("service", ROOT)} AS root_service, ${first("name", ROOT)} AS root_name,
            ${first("us::text")} AS first_us, ${first("encode(span_id, 'hex')")} AS first_span,
            ${first("service")} AS first_service, ${first("name")} AS first_name
     FROM (SELECT *, (extract(epoch FROM start_time) * 1e6)::bigint AS us FROM span
           WHERE trace_id = ANY($1::bytea[])) s
     GROUP BY trace_id`,
    [ids],
  );
  return rows.map((row) => ({
    traceId: row.trace_id,
    spanCount: row.span_count,
    startUs: BigInt(row.start_us),
    endNs: BigInt(row.end_ns),
    error: row.error,
    errorMessage: ranked(row.error_us, row.error_span, row.error_message as string),
    root: ranked(row.root_us, row.root_span, [row.root_service, row.root_name] as [string, string]),
    first: ranked(row.first_us, row.first_span, [row.first_service, row.first_name] as [string, string])!,
  }));
}

/** The figures of one block's rows [from, to) of one trace, read column by column without a row object. */
function figuresInBlock(block: OpenBlock, traceId: string, from: number, to: number): TraceFigures {
  const rank = (i: number) => ({ us: block.get("startUs", i), spanId: block.get("spanId", i).toString("hex") });
  /** Whether row i comes before the ranked value `than` (or there is none). */
  const precedes = (i: number, than: Ranked<unknown> | null) => {
    if (than === null) return true;
    const us = block.get("startUs", i);
    return us < than.us || (us === than.us && block.get("spanId", i).toString("hex") < than.spanId);
  };
  const service = block.get("service", from);
  let [startUs, endNs, error] = [block.get("startUs", from), 0n, false];
  let errorMessage: Ranked<string> | null = null;
  let root: Ranked<[string, string]> | null = null;
  let first: Ranked<[string, string]> | null = null;
  for (let i = from; i < to; i++) {
    const us = block.get("startUs", i);
    if (us < startUs) startUs = us;
    const end = us * 1000n + block.get("durationNs", i);
    if (end > endNs) endNs = end;
    if (block.get("statusCode", i) === 2) {
      error = true;
      const message = block.get("statusMessage", i);
      if (message && precedes(i, errorMessage)) errorMessage = { ...rank(i), value: message };
    }
    if (block.get("parentSpanId", i) === null && precedes(i, root))
      root = { ...rank(i), value: [service, block.get("name", i)] };
    if (precedes(i, first)) first = { ...rank(i), value: [service, block.get("name", i)] };
  }
  return { traceId, spanCount: to - from, startUs, endNs, error, errorMessage, root, first: first! };
}

/** The figures of these traces over their spans in these blocks. */
export function blockFigures(blocks: OpenBlock[], ids: Buffer[]): Map<string, TraceFigures> {
  const figures = new Map<string, TraceFigures>();
  eachTrace(blocks, ids, (block, traceId, from, to) => mergeInto(figures, [figuresInBlock(block, traceId, from, to)]));
  return figures;
}
