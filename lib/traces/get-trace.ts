import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { decodeAttributes } from "./attribute-keys";

export interface TraceSpan {
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: number;
  startTime: string;
  endTime: string;
  durationMs: number;
  status: { code: number; message: string | null };
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  events: unknown[];
}

export interface Trace {
  traceId: string;
  spans: TraceSpan[];
  truncated: boolean;
}

/** Spans of one trace returned at most; a trace beyond it says `truncated`. */
const MAX_TRACE_SPANS = 20_000;

/** Promoted columns go back into the attributes under their semantic-convention names. */
function withPromoted(row: Record<string, unknown>, attributes: Record<string, unknown>): Record<string, unknown> {
  if (row.http_route !== null) attributes["http.route"] = row.http_route;
  if (row.http_status_code !== null) attributes["http.response.status_code"] = row.http_status_code;
  if (row.db_system !== null) attributes["db.system"] = row.db_system;
  if (row.peer_service !== null) attributes["peer.service"] = row.peer_service;
  if (row.feature !== null) attributes["vigil.feature"] = row.feature;
  return attributes;
}

export async function getTrace(ctx: Ctx, traceId: string): Promise<Trace> {
  authorize(ctx, "read");
  if (!/^[0-9a-fA-F]{32}$/.test(traceId))
    throw new VigilError("bad_request", "traceId must be 32 hex digits", { field: "traceId" });
  const { rows } = await pool().query(
    `SELECT encode(s.span_id, 'hex') AS span_id, encode(s.parent_span_id, 'hex') AS parent_span_id, s.service, s.name, s.kind,
            s.start_time, extract(epoch FROM s.start_time) * 1e9 AS start_ns, s.duration_ns::text AS duration_ns,
            s.status_code, s.status_message, s.attributes, s.http_route, s.http_status_code, s.db_system, s.peer_service, s.feature,
            s.events, r.attributes AS resource
     FROM span s LEFT JOIN span_resource r ON r.fingerprint = s.resource_fp
     WHERE s.trace_id = decode($1, 'hex')
     ORDER BY s.start_time, s.span_id
     LIMIT ${MAX_TRACE_SPANS + 1}`,
    [traceId.toLowerCase()],
  );
  if (rows.length === 0) throw new VigilError("not_found", `No trace ${traceId.toLowerCase()}`);
  const kept = rows.slice(0, MAX_TRACE_SPANS);
  const attributes = await decodeAttributes(kept.map((row) => row.attributes));
  const spans = kept.map((row, i): TraceSpan => {
    const durationNs = Number(row.duration_ns);
    const start = row.start_time as Date;
    const micros = Math.round(Number(row.start_ns) / 1000) % 1000;
    const startTime = `${start.toISOString().slice(0, 23)}${String(micros).padStart(3, "0")}Z`;
    return {
      spanId: row.span_id,
      parentSpanId: row.parent_span_id,
      service: row.service,
      name: row.name,
      kind: row.kind,
      startTime,
      endTime: new Date(start.getTime() + durationNs / 1e6).toISOString(),
      durationMs: durationNs / 1e6,
      status: { code: row.status_code, message: row.status_message },
      attributes: withPromoted(row, attributes[i]),
      resource: row.resource ?? {},
      events: row.events ?? [],
    };
  });
  return { traceId: traceId.toLowerCase(), spans, truncated: rows.length > MAX_TRACE_SPANS };
}
