// The one shape a decoder hands to ingestSpans: spans as PostgreSQL COPY rows of `span`, with what
// storing them needs besides. lib/traces owns the format: SPAN_COLUMNS and the reference writer
// (encode-spans.ts); the OTLP protobuf hot path writes the same bytes (checked row by row in
// collectors/otlp/wire.test.ts).

/**
 * The columns of a row, in order. Resource-dependent columns and the attributes come late, and
 * the promoted attributes after them: the protobuf hot path writes a row as it reads the span,
 * and only knows the promoted values once it has read every attribute.
 */
export const SPAN_COLUMNS = [
  "start_time",
  "trace_id",
  "span_id",
  "parent_span_id",
  "name",
  "kind",
  "duration_ns",
  "start_extra_ns",
  "status_code",
  "status_message",
  "trace_state",
  "flags",
  "service",
  "environment",
  "resource_fp",
  "attributes",
  "http_route",
  "http_status_code",
  "db_system",
  "peer_service",
  "feature",
  "events",
  "links",
] as const;

/** What a group of spans shares, stored once in span_resource under its fingerprint (resource_fp). */
export interface SpanOrigin {
  service: string;
  resource: Record<string, unknown>;
  scopeName: string | null;
  scopeVersion: string | null;
}

/** Spans as COPY rows (SPAN_COLUMNS, one line each), and the spans a decoder left out. */
export interface SpanBatch {
  rows: string | Buffer;
  count: number;
  /** UTC days ("YYYY-MM-DD") the spans start on: their partitions. */
  days: Set<string>;
  /** UTC minutes (since 1970) that late spans start in: the rollup rebuilds them. */
  lateMinutes: Set<number>;
  origins: Map<bigint, SpanOrigin>;
  /** Attribute keys written literally that the dictionary could take (registerAttributeKeys). */
  newKeys: Set<string>;
  /** Spans the decoder refused or left out (outside the retention window), not in `rows`. */
  rejected: number;
  /** The first few reasons for them. */
  reasons: string[];
}

/** What ingesting a batch came to. */
export interface IngestResult {
  /** Spans newly stored. */
  stored: number;
  /** Spans already stored by an earlier delivery of the same batch (not counted twice). */
  duplicates: number;
  /** Spans refused: by the decoder, or by PostgreSQL (a value it can not hold); the rest stored. */
  rejected: number;
  /** The first few reasons for them, naming each span. */
  reasons: string[];
}
