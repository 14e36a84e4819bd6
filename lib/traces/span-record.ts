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
  /** Span attributes without the promoted ones. */
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scopeName: string | null;
  scopeVersion: string | null;
  events: { timeUnixNano: string; name: string; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; traceState: string | null; attributes: Record<string, unknown> }[];
}

export const UNKNOWN_SERVICE = "unknown_service";

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

/**
 * A span ready to store: attributes, events and links already as JSON, attribute keys by their
 * dictionary id (lib/traces/attribute-keys.ts). The protobuf decoder builds these directly.
 */
export interface StoredSpan extends Omit<SpanRecord, "attributes" | "events" | "links"> {
  attributesJson: string;
  eventsJson: string | null;
  linksJson: string | null;
}

/** Stored spans and the attribute keys they hold literally that the dictionary could take. */
export interface StoredBatch {
  spans: StoredSpan[];
  newKeys: Set<string>;
}
