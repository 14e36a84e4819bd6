import { authorize, type Ctx } from "../context";
import { VigilError } from "../errors";
import { decodeAttributes } from "./attribute-keys";
import type { AnyValue, KeyValue } from "./attribute-values";
import { pool } from "../db";
import { withBlockSpans } from "./trace-block-rows";
import { traceSpanOf } from "./trace-span";

export type { AnyValue, KeyValue };

export interface TraceSpan {
  spanId: string; // 16 hex
  parentSpanId: string | null; // 16 hex
  traceState: string | null; // W3C tracestate as received, null when empty
  flags: number; // OTLP span flags (uint32), 0 when absent
  service: string;
  name: string;
  kind: number; // OTLP SpanKind 0..5
  startTimeUnixNano: string; // decimal string, exact nanoseconds as received
  endTimeUnixNano: string; // start + duration, exact
  startTime: string; // RFC 3339 UTC with 9 fractional digits, e.g. 2026-12-05T10:00:00.123456789Z
  endTime: string;
  durationNs: string;
  durationMs: number; // convenience for charts
  status: { code: number; message: string | null };
  attributes: KeyValue[]; // every attribute with its type, promoted ones included, sorted by key
  resource: { attributes: KeyValue[] };
  scope: { name: string; version: string | null } | null;
  events: { timeUnixNano: string; time: string; name: string; attributes: KeyValue[] }[];
  links: { traceId: string; spanId: string; traceState: string | null; flags: number; attributes: KeyValue[] }[];
}

export interface Trace {
  traceId: string;
  spans: TraceSpan[];
  truncated: boolean;
}

/** Spans of one trace returned at most; a trace beyond it says `truncated`. */
const MAX_TRACE_SPANS = 20_000;

/** One trace's spans stored as rows, in trace order (its block spans are merged in after). */
// The start in nanoseconds: start_time's microseconds (exact: extract gives numeric) and start_extra_ns.
const TRACE_SQL = `
  SELECT encode(s.span_id, 'hex') AS span_id, encode(s.parent_span_id, 'hex') AS parent_span_id,
         s.start_extra_ns, s.trace_state, s.flags, s.service, s.name, s.kind,
         ((extract(epoch FROM s.start_time) * 1000000)::bigint * 1000 + coalesce(s.start_extra_ns, 0))::text AS start_ns,
         s.duration_ns::text AS duration_ns, s.status_code, s.status_message, s.attributes,
         s.http_route, s.http_status_code, s.db_system, s.peer_service, s.feature, s.events, s.links,
         r.attributes AS resource, coalesce(s.scope_name, r.scope_name) AS scope_name,
         coalesce(s.scope_version, r.scope_version) AS scope_version
  FROM span s LEFT JOIN span_resource r ON r.fingerprint = s.resource_fp
  WHERE s.trace_id = decode($1, 'hex')
  ORDER BY s.start_time, s.start_extra_ns NULLS FIRST, s.span_id
  LIMIT ${MAX_TRACE_SPANS + 1}`;

// Prepared (named) statements here and in the block lookups: planning over every day's partition
// costs more than running them.
export async function getTrace(ctx: Ctx, traceId: string): Promise<Trace> {
  authorize(ctx, "read");
  if (!/^[0-9a-fA-F]{32}$/.test(traceId))
    throw new VigilError("bad_request", "traceId must be 32 hex digits", { field: "traceId" });
  const id = traceId.toLowerCase();
  const rows = await withBlockSpans(
    id,
    (await pool().query<Record<string, unknown>>({ name: "trace-rows", text: TRACE_SQL, values: [id] })).rows,
  );
  if (rows.length === 0) throw new VigilError("not_found", `No trace ${id}`);
  const kept = rows.slice(0, MAX_TRACE_SPANS);
  const attributes = await decodeAttributes(kept.map((row) => row.attributes as Record<string, unknown>));
  const spans = kept.map((row, i) => traceSpanOf(row, attributes[i]));
  return { traceId: id, spans, truncated: rows.length > MAX_TRACE_SPANS };
}

/**
 * A trace as JSON text for the HTTP API: a double that is NaN or ±Infinity written as OTLP/JSON
 * writes it ("NaN", "Infinity", "-Infinity"), where JSON.stringify would write null.
 */
export function traceJson(trace: Trace): string {
  return JSON.stringify(trace, (_key, value: unknown) =>
    typeof value === "number" && !Number.isFinite(value) ? String(value) : value,
  );
}
