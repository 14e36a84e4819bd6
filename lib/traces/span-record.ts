/** A span as Vigil stores it, whichever OTLP encoding it arrived in. */
export interface SpanRecord {
  traceId: string; // 32 lowercase hex
  spanId: string; // 16 lowercase hex
  parentSpanId: string | null;
  traceState: string | null;
  flags: number;
  service: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  statusCode: number;
  statusMessage: string | null;
  httpRoute: string | null;
  httpStatusCode: number | null;
  dbSystem: string | null;
  peerService: string | null;
  environment: string | null;
  feature: string | null;
  /**
   * Span attributes, values in their stored form (attribute-values.ts), without the promoted
   * ones their columns give back (promoted.ts).
   */
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scopeName: string | null;
  scopeVersion: string | null;
  events: { timeUnixNano: string; name: string; attributes: Record<string, unknown> }[];
  links: {
    traceId: string;
    spanId: string;
    traceState: string | null;
    flags: number;
    attributes: Record<string, unknown>;
  }[];
}

export const UNKNOWN_SERVICE = "unknown_service";

// The rollups key their rows by service, operation (span name), environment and feature, and a
// btree key holds at most 2704 bytes: these bounds (in UTF-16 units, at most 3 UTF-8 bytes
// each) keep every key under it. Longer values are cut.
export const MAX_NAME_LENGTH = 512;
export const MAX_LABEL_LENGTH = 128;

/** Text cut to `max` UTF-16 units (a pair cut in half becomes U+FFFD when stored). */
export const clip = (value: string, max: number): string => (value.length > max ? value.slice(0, max) : value);

/**
 * Span attributes promoted to columns, with the older semantic-convention names accepted too.
 * The feature a request serves is `vigil.feature` on the span or its resource.
 */
export const PROMOTED = {
  httpRoute: ["http.route"],
  httpStatusCode: ["http.response.status_code", "http.status_code"],
  dbSystem: ["db.system.name", "db.system"],
  peerService: ["peer.service"],
  feature: ["vigil.feature"],
} as const;

export const ENVIRONMENT_KEYS = ["deployment.environment.name", "deployment.environment"] as const;
