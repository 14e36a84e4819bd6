import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { blankAsUnset, cursor, decimal, integer, LATEST, parseInput, text, timestamp } from "../validation";
import { storedNamesOf } from "./attribute-keys";

/** Longest duration a filter may name: a year, far past any span Vigil keeps. */
const MAX_DURATION_MS = 365 * 86_400_000;
const LATEST_MICROS = Date.parse(LATEST) * 1000;

/** `<last match, µs since 1970>:<trace id>`, as `nextCursor` hands it out. */
function decodeCursor(value: string): { micros: string; traceId: string } | null {
  const match = /^(\d{1,18}):([0-9a-f]{32})$/.exec(value);
  if (!match || Number(match[1]) > LATEST_MICROS) return null;
  return { micros: match[1], traceId: match[2] };
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
    limit: z.preprocess(blankAsUnset, integer(1, 200).default(50)),
    /** The `nextCursor` of the previous page. */
    cursor: z.preprocess(blankAsUnset, cursor(decodeCursor).optional()),
  })
  .transform((input) => {
    const to = input.to ? new Date(input.to) : new Date();
    const from = input.from ? new Date(input.from) : new Date(to.getTime() - 3_600_000);
    return { ...input, from, to };
  })
  .refine((input) => input.from < input.to, { error: "must be before to", path: ["from"] });
export type SearchTracesInput = z.input<typeof SearchTracesInput>;

export interface TraceSummary {
  traceId: string;
  rootService: string | null;
  rootOperation: string | null;
  startTime: string;
  durationMs: number;
  spanCount: number;
  error: boolean;
}

// Attributes promoted to columns are searched there; any other key in the JSONB attributes.
const PROMOTED_COLUMNS: Record<string, string> = {
  "http.route": "http_route",
  "http.response.status_code": "http_status_code::text",
  "http.status_code": "http_status_code::text",
  "db.system": "db_system",
  "peer.service": "peer_service",
  "vigil.feature": "feature",
  "deployment.environment": "environment",
};

const STATUS_CODES = { unset: 0, ok: 1, error: 2 } as const;

type SearchFilter = z.output<typeof SearchTracesInput>;

/** The WHERE conditions of a search and their parameters ($1 and $2 the window). */
async function conditionsOf(filter: SearchFilter): Promise<{ where: string[]; params: unknown[] }> {
  const where = ["start_time >= $1", "start_time < $2"];
  const params: unknown[] = [filter.from, filter.to];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.service) add((p) => `service = ${p}`, filter.service);
  if (filter.operation) add((p) => `name = ${p}`, filter.operation);
  if (filter.status) add((p) => `status_code = ${p}`, STATUS_CODES[filter.status]);
  if (filter.minDurationMs !== undefined) add((p) => `duration_ns >= ${p}`, Math.round(filter.minDurationMs * 1e6));
  if (filter.maxDurationMs !== undefined) add((p) => `duration_ns <= ${p}`, Math.round(filter.maxDurationMs * 1e6));
  if (!filter.attr) return { where, params };
  const at = filter.attr.indexOf(":");
  const key = filter.attr.slice(0, at);
  const value = filter.attr.slice(at + 1);
  const column = PROMOTED_COLUMNS[key];
  if (column) add((p) => `${column} = ${p}`, value);
  else {
    // Stored under the key's dictionary id, or literally (lib/traces/attribute-keys.ts).
    params.push(await storedNamesOf(key));
    const namesParam = `$${params.length}`;
    add(
      (p) => `(attributes ->> (${namesParam}::text[])[1] = ${p} OR attributes ->> (${namesParam}::text[])[2] = ${p})`,
      value,
    );
  }
  return { where, params };
}

const summaryOf = (row: Record<string, unknown>): TraceSummary => ({
  traceId: row.trace_id as string,
  rootService: row.root_service as string,
  rootOperation: row.root_operation as string,
  startTime: (row.start_time as Date).toISOString(),
  durationMs: Math.round(Number(row.duration_ms) * 1000) / 1000,
  spanCount: row.span_count as number,
  error: row.error as boolean,
});

/**
 * Traces with at least one span matching every filter, newest first. Each comes with its root
 * (the span without a parent), start, duration, span count and whether any span failed.
 */
export async function searchTraces(
  ctx: Ctx,
  input: SearchTracesInput = {},
): Promise<{ items: TraceSummary[]; nextCursor: string | null }> {
  authorize(ctx, "read");
  const filter = parseInput(SearchTracesInput, input);
  const { where, params } = await conditionsOf(filter);
  let cursorSql = "";
  if (filter.cursor) {
    // Microseconds exactly: a JavaScript Date would round the cursor to milliseconds and skip traces.
    params.push(filter.cursor.micros, filter.cursor.traceId);
    cursorSql = `HAVING (max(start_time), encode(trace_id, 'hex')) < ('epoch'::timestamptz + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length})`;
  }
  params.push(filter.limit + 1);
  const { rows } = await pool().query(
    `WITH matches AS (
       SELECT trace_id, max(start_time) AS last_match FROM span WHERE ${where.join(" AND ")}
       GROUP BY trace_id ${cursorSql}
       ORDER BY max(start_time) DESC, encode(trace_id, 'hex') DESC LIMIT $${params.length}
     )
     SELECT encode(m.trace_id, 'hex') AS trace_id, (extract(epoch FROM m.last_match) * 1e6)::bigint::text AS cursor_micros, t.*
     FROM matches m CROSS JOIN LATERAL (
       SELECT count(*)::int AS span_count, min(start_time) AS start_time,
              max(extract(epoch FROM start_time) * 1e3 + duration_ns / 1e6) - extract(epoch FROM min(start_time)) * 1e3 AS duration_ms,
              bool_or(status_code = 2) AS error,
              (array_agg(service ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1] AS root_service,
              (array_agg(name ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1] AS root_operation
       FROM span s WHERE s.trace_id = m.trace_id
     ) t
     ORDER BY m.last_match DESC, trace_id DESC`,
    params,
  );
  const items = rows.slice(0, filter.limit).map(summaryOf);
  const last = rows[filter.limit - 1];
  return { items, nextCursor: rows.length > filter.limit && last ? `${last.cursor_micros}:${last.trace_id}` : null };
}
