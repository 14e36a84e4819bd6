import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { VigilError } from "../errors";
import { blankAsUnset, cursor, decimal, integer, LATEST, oneOf, parseInput, text, timestamp } from "../validation";
import type pg from "pg";
import { type BlockSpan, matchingBlockSpans, newestTraces } from "./search-blocks";
import { spanConditions } from "./search-conditions";
import { blockSpansOfTraces, spanSource, withSpanSnapshot } from "./span-source";

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

/** A matched trace's figures over all its spans in `source`; `m.trace_id` is the trace (bytea). */
const traceFiguresSql = (source: string) => `
  SELECT count(*)::int AS span_count, min(start_time) AS start_time,
         (max((extract(epoch FROM start_time) * 1e6)::bigint * 1000 + duration_ns)
           - min((extract(epoch FROM start_time) * 1e6)::bigint * 1000)) AS duration_ns,
         bool_or(status_code = 2) AS error,
         (array_agg(status_message ORDER BY start_time, span_id) FILTER (WHERE status_code = 2 AND status_message <> ''))[1] AS error_message,
         (array_agg(service ORDER BY start_time, span_id) FILTER (WHERE parent_span_id IS NULL))[1] AS root_service,
         (array_agg(name ORDER BY start_time, span_id) FILTER (WHERE parent_span_id IS NULL))[1] AS root_operation,
         (array_agg(service ORDER BY start_time, span_id))[1] AS first_service,
         (array_agg(name ORDER BY start_time, span_id))[1] AS first_operation
  FROM ${source} s WHERE s.trace_id = m.trace_id`;

const summaryOf = (row: Record<string, unknown>): TraceSummary => ({
  traceId: row.trace_id as string,
  rootService: (row.root_service ?? row.first_service) as string,
  rootOperation: (row.root_operation ?? row.first_operation) as string,
  rootMissing: row.root_service === null,
  startTime: (row.start_time as Date).toISOString(),
  durationMs: Number(row.duration_ns) / 1e6,
  spanCount: row.span_count as number,
  error: row.error as boolean,
  errorMessage: (row.error_message as string | null) ?? null,
});

type SearchFilter = z.output<typeof SearchTracesInput>;

/**
 * The matching traces, a page of them: newest or oldest first by the last matching span's start
 * (cut before their figures are read); for slowest or fastest first, every match (at most
 * MAX_DURATION_SORTED + 1), whose figures are all read.
 */
function matchesSql(filter: SearchFilter, source: string, where: string[], params: unknown[]): string {
  const dir = filter.sort.startsWith("-") ? "DESC" : "ASC";
  if (filter.sort.endsWith("duration")) {
    params.push(MAX_DURATION_SORTED + 1);
    return `SELECT trace_id, NULL AS sort_key FROM ${source} s WHERE ${where.join(" AND ")} GROUP BY trace_id LIMIT $${params.length}`;
  }
  let having = "";
  if (filter.cursor) {
    params.push(filter.cursor.key, filter.cursor.traceId);
    const past = dir === "DESC" ? "<" : ">";
    having = `HAVING (max(start_time), encode(trace_id, 'hex')) ${past} ('epoch'::timestamptz + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length})`;
  }
  params.push(filter.limit + 1);
  return `SELECT trace_id, (extract(epoch FROM max(start_time)) * 1e6)::bigint::text AS sort_key
     FROM ${source} s WHERE ${where.join(" AND ")} GROUP BY trace_id ${having}
     ORDER BY max(start_time) ${dir}, encode(trace_id, 'hex') ${dir} LIMIT $${params.length}`;
}

/** The figures of the matched traces ($1 their ids, $2 their sort keys), in the page's order. */
function figuresSql(filter: SearchFilter, source: string, params: unknown[]): string {
  const figures = traceFiguresSql(source);
  if (filter.sort.endsWith("start"))
    return `SELECT encode(m.trace_id, 'hex') AS trace_id, m.sort_key, t.*
     FROM unnest($1::bytea[], $2::text[]) WITH ORDINALITY AS m(trace_id, sort_key, ord) CROSS JOIN LATERAL (${figures}) t
     ORDER BY m.ord`;
  const dir = filter.sort.startsWith("-") ? "DESC" : "ASC";
  let after = "";
  if (filter.cursor) {
    params.push(filter.cursor.key, filter.cursor.traceId);
    after = `WHERE (duration_ns, trace_id) ${dir === "DESC" ? "<" : ">"} ($${params.length - 1}::bigint, $${params.length})`;
  }
  params.push(filter.limit + 1);
  return `WITH traces AS (SELECT encode(m.trace_id, 'hex') AS trace_id, t.* FROM unnest($1::bytea[]) AS m(trace_id) CROSS JOIN LATERAL (${figures}) t)
     SELECT *, 'd' || duration_ns::text AS sort_key FROM traces ${after}
     ORDER BY duration_ns ${dir}, trace_id ${dir} LIMIT $${params.length}`;
}

/** How far around the searched window a matched trace's other spans are looked for in blocks. */
const TRACE_REACH_MS = 3_600_000;

async function searchRows(client: pg.PoolClient, filter: SearchFilter): Promise<Record<string, unknown>[]> {
  const { where, params } = await spanConditions(filter);
  let hits = await matchingBlockSpans(client, filter, (block, i): BlockSpan => ({ block, i }));
  if (filter.sort === "-start" && !filter.attr) hits = newestTraces(hits, filter.limit + 1, filter.cursor);
  const candidates = await spanSource(
    client,
    hits.map(({ block, i }) => block.row(i)),
  );
  const matches = await client.query(matchesSql(filter, candidates, where, params), params);
  if (matches.rows.length > MAX_DURATION_SORTED)
    throw new VigilError(
      "bad_request",
      `sort: by duration needs at most ${MAX_DURATION_SORTED.toLocaleString("en-US")} matching traces; narrow the window or the filters`,
      { field: "sort" },
    );
  if (matches.rows.length === 0) return [];
  const ids = matches.rows.map((row) => row.trace_id as Buffer);
  const reach = {
    from: new Date(filter.from.getTime() - TRACE_REACH_MS),
    to: new Date(filter.to.getTime() + TRACE_REACH_MS),
  };
  const source = await spanSource(client, await blockSpansOfTraces(client, ids, reach));
  const figureParams: unknown[] = [ids, matches.rows.map((row) => row.sort_key)];
  if (filter.sort.endsWith("duration")) figureParams.pop();
  return (await client.query(figuresSql(filter, source, figureParams), figureParams)).rows;
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
  const items = rows.slice(0, filter.limit).map(summaryOf);
  const last = rows[filter.limit - 1];
  return { items, nextCursor: rows.length > filter.limit && last ? `${last.sort_key}:${last.trace_id}` : null };
}
