// A stored span row as the API gives it (TraceSpan in get-trace.ts): times in exact nanoseconds,
// attributes with their OTLP types, the promoted columns given back as attributes.

import { anyValueOf, byCodeUnits, type KeyValue, keyValuesOf } from "./attribute-values";
import type { TraceSpan } from "./get-trace";
import { label, promotedAttributes } from "./promoted";

const NS_PER_SECOND = 1_000_000_000n;

/** Nanoseconds since 1970 as RFC 3339 UTC with 9 fractional digits: 2026-12-05T10:00:00.123456789Z. */
export function rfc3339Nano(ns: bigint): string {
  let seconds = ns / NS_PER_SECOND;
  if (ns < 0n && seconds * NS_PER_SECOND !== ns) seconds -= 1n;
  const fraction = ns - seconds * NS_PER_SECOND;
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, -5)}.${String(fraction).padStart(9, "0")}Z`;
}

/** A stored decimal time (an event's), as nanoseconds; 0 for anything else. */
const nsOf = (text: unknown): bigint => (typeof text === "string" && /^-?\d{1,20}$/.test(text) ? BigInt(text) : 0n);

interface StoredEvent {
  timeUnixNano?: unknown;
  name?: unknown;
  attributes?: Record<string, unknown>;
}

interface StoredLink {
  traceId?: unknown;
  spanId?: unknown;
  traceState?: unknown;
  flags?: unknown;
  attributes?: Record<string, unknown>;
}

function eventOf(event: StoredEvent): TraceSpan["events"][number] {
  const ns = nsOf(event.timeUnixNano);
  return {
    timeUnixNano: ns.toString(),
    time: rfc3339Nano(ns),
    name: String(event.name ?? ""),
    attributes: keyValuesOf(event.attributes),
  };
}

const linkOf = (link: StoredLink): TraceSpan["links"][number] => ({
  traceId: String(link.traceId ?? ""),
  spanId: String(link.spanId ?? ""),
  traceState: typeof link.traceState === "string" && link.traceState !== "" ? link.traceState : null,
  flags: Number(link.flags ?? 0) >>> 0,
  attributes: keyValuesOf(link.attributes),
});

/** The span's attributes: the stored ones and the promoted columns, sorted by key. */
function attributesOf(row: Record<string, unknown>, stored: Record<string, unknown>, resourceFeature: string | null) {
  const promoted = promotedAttributes(
    {
      httpRoute: row.http_route as string | null,
      httpStatusCode: row.http_status_code as number | null,
      dbSystem: row.db_system as string | null,
      peerService: row.peer_service as string | null,
      feature: row.feature as string | null,
    },
    stored,
    resourceFeature,
  );
  const all: KeyValue[] = Object.keys(stored).map((key) => ({ key, value: anyValueOf(stored[key]) }));
  for (const [key, value] of promoted) all.push({ key, value });
  return all.sort((a, b) => byCodeUnits(a.key, b.key));
}

/** One row of getTrace's query, its attributes' keys already read (decodeAttributes). */
export function traceSpanOf(row: Record<string, unknown>, stored: Record<string, unknown>): TraceSpan {
  const startNs = BigInt(row.start_ns as string);
  const durationNs = BigInt(row.duration_ns as string);
  const endNs = startNs + durationNs;
  const resource = (row.resource ?? {}) as Record<string, unknown>;
  const scopeName = row.scope_name as string | null;
  const scopeVersion = row.scope_version as string | null;
  return {
    spanId: row.span_id as string,
    parentSpanId: row.parent_span_id as string | null,
    traceState: (row.trace_state as string | null) || null,
    flags: Number(row.flags ?? 0) >>> 0,
    service: row.service as string,
    name: row.name as string,
    kind: row.kind as number,
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: endNs.toString(),
    startTime: rfc3339Nano(startNs),
    endTime: rfc3339Nano(endNs),
    durationNs: durationNs.toString(),
    durationMs: Number(durationNs) / 1e6,
    status: { code: row.status_code as number, message: row.status_message as string | null },
    attributes: attributesOf(row, stored, label(resource["vigil.feature"])),
    resource: { attributes: keyValuesOf(resource) },
    scope: scopeName === null && scopeVersion === null ? null : { name: scopeName ?? "", version: scopeVersion },
    events: Array.isArray(row.events) ? (row.events as StoredEvent[]).map(eventOf) : [],
    links: Array.isArray(row.links) ? (row.links as StoredLink[]).map(linkOf) : [],
  };
}
