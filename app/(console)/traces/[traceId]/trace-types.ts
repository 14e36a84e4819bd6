// The trace API shape of /work/trace-api.md, copied verbatim until lib/traces/get-trace.ts exports it (the lead swaps this file for that import at merge).
/** OTLP/JSON AnyValue, exactly as the OTLP JSON encoding writes it (int64 as a decimal string, bytes as base64). */
export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { bytesValue: string }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- OTLP's empty AnyValue, as the API types it
  | {}; // an empty AnyValue (OTLP allows it)
export interface KeyValue {
  key: string;
  value: AnyValue;
}

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
  endTime: string; // same
  durationNs: string; // decimal string
  durationMs: number; // convenience for charts
  status: { code: number; message: string | null };
  attributes: KeyValue[]; // every attribute with its type, promoted ones included, in a stable order
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
