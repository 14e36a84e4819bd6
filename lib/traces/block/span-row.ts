// One span as compaction reads it from `span` and as a block gives it back: every column of the
// row, each in a form that survives a round trip exactly (µs and ns as bigint, JSONB as the text
// PostgreSQL prints, ids as bytes). lib/traces/block encodes and decodes it; nothing here is lossy.

export interface SpanRow {
  /** start_time in microseconds since 1970 (what timestamptz holds). */
  startUs: bigint;
  /** The nanoseconds past startUs, 0-999, or null when the source had none. */
  startExtraNs: number | null;
  traceId: Buffer;
  spanId: Buffer;
  parentSpanId: Buffer | null;
  service: string;
  name: string;
  kind: number;
  durationNs: bigint;
  statusCode: number;
  statusMessage: string | null;
  traceState: string | null;
  flags: number;
  environment: string | null;
  resourceFp: bigint;
  /** The JSONB attributes as PostgreSQL prints them (`attributes::text`), keys as stored. */
  attributes: string;
  httpRoute: string | null;
  httpStatusCode: number | null;
  dbSystem: string | null;
  peerService: string | null;
  feature: string | null;
  scopeName: string | null;
  scopeVersion: string | null;
  /** JSONB text, or null. */
  events: string | null;
  links: string | null;
}

/** The select list that reads a `span` row (alias-free) as the raw fields spanRowOf takes. */
export const SPAN_ROW_SELECT = `(extract(epoch FROM start_time) * 1000000)::bigint::text AS start_us, start_extra_ns,
  trace_id, span_id, parent_span_id, service, name, kind, duration_ns::text AS duration_ns, status_code,
  status_message, trace_state, flags, environment, resource_fp::text AS resource_fp, attributes::text AS attributes,
  http_route, http_status_code, db_system, peer_service, feature, scope_name, scope_version,
  events::text AS events, links::text AS links`;

/** A row read with SPAN_ROW_SELECT as a SpanRow. */
export function spanRowOf(row: Record<string, unknown>): SpanRow {
  return {
    startUs: BigInt(row.start_us as string),
    startExtraNs: (row.start_extra_ns as number | null) ?? null,
    traceId: row.trace_id as Buffer,
    spanId: row.span_id as Buffer,
    parentSpanId: (row.parent_span_id as Buffer | null) ?? null,
    service: row.service as string,
    name: row.name as string,
    kind: row.kind as number,
    durationNs: BigInt(row.duration_ns as string),
    statusCode: row.status_code as number,
    statusMessage: (row.status_message as string | null) ?? null,
    traceState: (row.trace_state as string | null) ?? null,
    flags: row.flags as number,
    environment: (row.environment as string | null) ?? null,
    resourceFp: BigInt(row.resource_fp as string),
    attributes: row.attributes as string,
    httpRoute: (row.http_route as string | null) ?? null,
    httpStatusCode: (row.http_status_code as number | null) ?? null,
    dbSystem: (row.db_system as string | null) ?? null,
    peerService: (row.peer_service as string | null) ?? null,
    feature: (row.feature as string | null) ?? null,
    scopeName: (row.scope_name as string | null) ?? null,
    scopeVersion: (row.scope_version as string | null) ?? null,
    events: (row.events as string | null) ?? null,
    links: (row.links as string | null) ?? null,
  };
}
