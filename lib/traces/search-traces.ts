import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { VigilError } from "../errors";
import { blankAsUnset, cursor, decimal, integer, LATEST, oneOf, parseInput, text, timestamp } from "../validation";
import type pg from "pg";
import { type BlockSpan, matchingBlockSpans } from "./search-blocks";
import { spanConditions } from "./search-conditions";
import { blocksOfTraces, withSpanSnapshot } from "./span-source";
import {
  blockFigures,
  durationNs,
  type Extent,
  mergeInto,
  rowFigures,
  traceExtents,
  type TraceFigures,
} from "./trace-figures";

/** Longest duration a filter may name: a year, far past any span Vigil keeps. */
const MAX_DURATION_MS = 365 * 86_400_000;
const LATEST_MICROS = BigInt(Date.parse(LATEST)) * 1000n;
const MAX_BIGINT = 2n ** 63n - 1n;
/** Sorting by duration reads every match's figures: at most this many traces may match. */
export const MAX_DURATION_SORTED = 20_000;

/** The orders a search can list traces in; a leading `-` is descending. */
const SORTS = ["-start", "start", "-duration", "duration"] as const;

/**
 * `<key>:<trace id>` as `nextCursor` hands it out: the key is the last match's start in µs since
 * 1970 when sorting by start, or `d` and the trace's duration in ns when sorting by duration.
 */
function decodeCursor(value: string): { by: "start" | "duration"; key: string; traceId: string } | null {
  const match = /^(d?)(\d{1,19}):([0-9a-f]{32})$/.exec(value);
  if (!match) return null;
  const by = match[1] ? "duration" : "start";
  if (BigInt(match[2]) > (by === "start" ? LATEST_MICROS : MAX_BIGINT)) return null;
  return { by, key: match[2], traceId: match[3] };
}

export const SearchTracesInput = z
  .object({
    service: z.preprocess(blankAsUnset, text(200).optional()),
    operation: z.preprocess(blankAsUnset, text(500).optional()),
    status: z.preprocess(
      blankAsUnset,
      z.enum(["error", "ok", "unset"], { error: "must be error, ok or unset" }).optional(),
    ),
    minDurationMs: z.preprocess(blankAsUnset, decimal(0, MAX_DURATION_MS).optional()),
    maxDurationMs: z.preprocess(blankAsUnset, decimal(0, MAX_DURATION_MS).optional()),
    from: z.preprocess(blankAsUnset, timestamp().optional()),
    to: z.preprocess(blankAsUnset, timestamp().optional()),
    attr: z.preprocess(
      blankAsUnset,
      text(500)
        .regex(/^[^:]+:.*$/s, "must be key:value, such as http.route:/v1/payments")
        .optional(),
    ),
    /** -start (newest first, the default), start, -duration (slowest first) or duration. */
    sort: z.preprocess(blankAsUnset, oneOf(SORTS).default("-start")),
    limit: z.preprocess(blankAsUnset, integer(1, 200).default(50)),
    /** The `nextCursor` of the previous page. */
    cursor: z.preprocess(blankAsUnset, cursor(decodeCursor).optional()),
  })
  .transform((input) => {
    const to = input.to ? new Date(input.to) : new Date();
    const from = input.from ? new Date(input.from) : new Date(to.getTime() - 3_600_000);
    return { ...input, from, to };
  })
  .refine((input) => input.from < input.to, { error: "must be before to", path: ["from"] })
  .refine((input) => !input.cursor || input.sort.endsWith(input.cursor.by), {
    error: "is a cursor of another sort order",
    path: ["cursor"],
  });
export type SearchTracesInput = z.input<typeof SearchTracesInput>;

export interface TraceSummary {
  traceId: string;
  /** The root span's service and name or, when the root never arrived, the earliest span's. */
  rootService: string;
  rootOperation: string;
  rootMissing: boolean;
  startTime: string;
  durationMs: number;
  spanCount: number;
  error: boolean;
  /** The status message of the first failed span that has one. */
  errorMessage: string | null;
}

type SearchFilter = z.output<typeof SearchTracesInput>;

const summaryOf = (f: TraceFigures): TraceSummary => ({
  traceId: f.traceId,
  rootService: (f.root ?? f.first).value[0],
  rootOperation: (f.root ?? f.first).value[1],
  rootMissing: f.root === null,
  startTime: new Date(Number(f.startUs / 1000n)).toISOString(),
  durationMs: Number(durationNs(f)) / 1e6,
  spanCount: f.spanCount,
  error: f.error,
  errorMessage: f.errorMessage?.value ?? null,
});

/**
 * The matching traces over rows and blocks (`$n`/`$n+1` the block side's trace ids and their last
 * matching start), each with its last matching start in µs: a page of them, newest or oldest first
 * by it, or for slowest or fastest first every match (at most MAX_DURATION_SORTED + 1).
 */
function matchesSql(filter: SearchFilter, where: string[], params: unknown[], blockKeys: Map<string, bigint>): string {
  params.push([...blockKeys.keys()], [...blockKeys.values()].map(String));
  const merged = `WITH r AS (SELECT encode(trace_id, 'hex') AS trace_id, (extract(epoch FROM max(start_time)) * 1e6)::bigint AS us
                 FROM span s WHERE ${where.join(" AND ")} GROUP BY trace_id),
       b AS (SELECT * FROM unnest($${params.length - 1}::text[], $${params.length}::bigint[]) AS b(trace_id, us)),
       m AS (SELECT coalesce(r.trace_id, b.trace_id) AS trace_id, greatest(r.us, b.us) AS us
             FROM r FULL JOIN b ON r.trace_id = b.trace_id)`;
  if (filter.sort.endsWith("duration")) {
    params.push(MAX_DURATION_SORTED + 1);
    return `${merged} SELECT trace_id, NULL AS sort_key FROM m LIMIT $${params.length}`;
  }
  const dir = filter.sort.startsWith("-") ? "DESC" : "ASC";
  let after = "";
  if (filter.cursor) {
    params.push(filter.cursor.key, filter.cursor.traceId);
    after = `WHERE (us, trace_id) ${dir === "DESC" ? "<" : ">"} ($${params.length - 1}::bigint, $${params.length})`;
  }
  params.push(filter.limit + 1);
  return `${merged} SELECT trace_id, us::text AS sort_key FROM m ${after}
     ORDER BY us ${dir}, trace_id ${dir} LIMIT $${params.length}`;
}

/** The last matching start of each trace with a matching block span, in µs. */
function lastStarts(spans: BlockSpan[]): Map<string, bigint> {
  const last = new Map<string, bigint>();
  for (const { block, i } of spans) {
    const id = block.get("traceId", i).toString("hex");
    const start = block.get("startUs", i);
    const seen = last.get(id);
    if (seen === undefined || start > seen) last.set(id, start);
  }
  return last;
}

/** The `keep` newest of them (by last start, then id): on a first page newest first, no other can show. */
function newest(last: Map<string, bigint>, keep: number): Map<string, bigint> {
  const sorted = [...last].sort(([a, x], [b, y]) => (x === y ? (a < b ? 1 : -1) : x < y ? 1 : -1));
  return new Map(sorted.slice(0, keep));
}

/** (duration, trace id) pairs in ascending order. */
const compareKeys = (x: bigint, a: string, y: bigint, b: string) =>
  x === y ? (a < b ? -1 : a > b ? 1 : 0) : x < y ? -1 : 1;

/** The duration-sorted page of these traces: slowest or fastest first, then by id, after the cursor. */
function byDuration(filter: SearchFilter, traces: Extent[]): { traceId: string; sortKey: string }[] {
  const sign = filter.sort.startsWith("-") ? -1 : 1;
  const cursor = filter.cursor;
  const after = cursor
    ? traces.filter((f) => sign * compareKeys(durationNs(f), f.traceId, BigInt(cursor.key), cursor.traceId) > 0)
    : traces;
  return after
    .sort((a, b) => sign * compareKeys(durationNs(a), a.traceId, durationNs(b), b.traceId))
    .slice(0, filter.limit + 1)
    .map((extent) => ({ traceId: extent.traceId, sortKey: `d${durationNs(extent)}` }));
}

/**
 * How far around the searched window a matched trace's other spans are looked for in blocks (rows
 * are found wherever they are): a day, so a trace's figures are exact unless its spans lie more
 * than a day apart. Probing every block's trace filter instead would grow with the days kept.
 */
const TRACE_REACH_MS = 86_400_000;

async function searchRows(
  client: pg.PoolClient,
  filter: SearchFilter,
): Promise<{ figures: TraceFigures; sortKey: string }[]> {
  const { where, params } = await spanConditions(filter);
  let keys = lastStarts(await matchingBlockSpans(client, filter, (block, i): BlockSpan => ({ block, i })));
  // Without a cursor no trace is left out for being on an earlier page, so the cut is exact.
  if (filter.sort === "-start" && !filter.cursor) keys = newest(keys, filter.limit + 1);
  const matches = await client.query<{ trace_id: string; sort_key: string | null }>(
    matchesSql(filter, where, params, keys),
    params,
  );
  if (matches.rows.length > MAX_DURATION_SORTED)
    throw new VigilError(
      "bad_request",
      `sort: by duration needs at most ${MAX_DURATION_SORTED.toLocaleString("en-US")} matching traces; narrow the window or the filters`,
      { field: "sort" },
    );
  if (matches.rows.length === 0) return [];
  const ids = matches.rows.map((row) => Buffer.from(row.trace_id, "hex"));
  const reach = {
    from: new Date(filter.from.getTime() - TRACE_REACH_MS),
    to: new Date(filter.to.getTime() + TRACE_REACH_MS),
  };
  const blocks = await blocksOfTraces(client, ids, reach);
  // Slowest or fastest first: every match's extent orders them, the page's alone get their figures.
  const page = filter.sort.endsWith("duration")
    ? byDuration(filter, await traceExtents(client, ids, blocks))
    : matches.rows.map((row) => ({ traceId: row.trace_id, sortKey: row.sort_key! }));
  const pageIds = page.map((row) => Buffer.from(row.traceId, "hex"));
  const figures = new Map<string, TraceFigures>();
  mergeInto(figures, await rowFigures(client, pageIds));
  mergeInto(figures, blockFigures(blocks, pageIds).values());
  return page.map((row) => ({ figures: figures.get(row.traceId)!, sortKey: row.sortKey }));
}

/**
 * Traces with at least one span matching every filter, in the requested order, a page at a time.
 * Each comes with its root (or earliest span), start, duration, span count and first error.
 */
export async function searchTraces(
  ctx: Ctx,
  input: SearchTracesInput = {},
): Promise<{ items: TraceSummary[]; nextCursor: string | null }> {
  authorize(ctx, "read");
  const filter = parseInput(SearchTracesInput, input);
  const rows = await withSpanSnapshot((client) => searchRows(client, filter));
  const items = rows.slice(0, filter.limit).map((row) => summaryOf(row.figures));
  const last = rows[filter.limit - 1];
  return { items, nextCursor: rows.length > filter.limit && last ? `${last.sortKey}:${last.figures.traceId}` : null };
}
