import { END_TOO_LATE, EVERY_TIME, invalidSpan, outsideWindow, Rejections } from "./span-rules";
import { readTraceRequest, WireError } from "./wire";
import { type StoredValue, storedBytes, storedDouble, storedInt, storedKvlist } from "@/lib/traces/attribute-values";
import { keptPromoted, label, promotedColumns } from "@/lib/traces/promoted";
import {
  clip,
  ENVIRONMENT_KEYS,
  MAX_NAME_LENGTH,
  PROMOTED,
  type SpanRecord,
  UNKNOWN_SERVICE,
} from "@/lib/traces/span-record";

// OTLP/HTTP bodies (protobuf or JSON) to SpanRecords. Both encodings go through one normaliser,
// so the same request decodes to the same spans either way. Invalid spans are counted and named,
// never thrown: the valid rest of the request is kept (OTLP partial success).

export class UndecodableError extends Error {}

export interface Decoded {
  spans: SpanRecord[];
  rejected: number;
  /** The first few reasons, for the partial-success message. */
  reasons: string[];
  /** Spans left out for starting outside the time window. */
  tooOld: number;
  tooNew: number;
}

// The generic shape both encodings are read into before normalising.
type Bytes = Uint8Array | number[] | string | null | undefined;
type Int64 = { low: number; high: number } | number | string | bigint | null | undefined;
interface AnyValueIn {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: number | string;
  arrayValue?: { values?: AnyValueIn[] };
  kvlistValue?: { values?: KeyValueIn[] };
  bytesValue?: Bytes;
  value?: string;
}
interface KeyValueIn {
  key?: string;
  value?: AnyValueIn | null;
}
interface SpanIn {
  traceId?: Bytes;
  spanId?: Bytes;
  parentSpanId?: Bytes;
  traceState?: string;
  flags?: number;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: Int64;
  endTimeUnixNano?: Int64;
  attributes?: KeyValueIn[];
  events?: { timeUnixNano?: Int64; name?: string; attributes?: KeyValueIn[] }[];
  links?: { traceId?: Bytes; spanId?: Bytes; traceState?: string; flags?: number; attributes?: KeyValueIn[] }[];
  status?: { message?: string; code?: number | string } | null;
}
interface RequestIn {
  resourceSpans?: {
    resource?: { attributes?: KeyValueIn[] } | null;
    scopeSpans?: { scope?: { name?: string; version?: string } | null; spans?: SpanIn[] }[];
  }[];
}

export function decodeProtobuf(body: Uint8Array, window = EVERY_TIME): Decoded {
  let message: RequestIn;
  try {
    message = readTraceRequest(body) as unknown as RequestIn;
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    throw new UndecodableError(`body is not an OTLP ExportTraceServiceRequest: ${err.message}`);
  }
  return normalise(message, "protobuf", window);
}

export function decodeJson(body: Uint8Array | string, window = EVERY_TIME): Decoded {
  let message: unknown;
  try {
    message = JSON.parse(typeof body === "string" ? body : Buffer.from(body).toString("utf8"));
  } catch (err) {
    throw new UndecodableError(`body is not JSON: ${(err as Error).message}`);
  }
  if (message === null || typeof message !== "object" || Array.isArray(message)) {
    throw new UndecodableError("body must be a JSON object with resourceSpans");
  }
  const resourceSpans = (message as RequestIn).resourceSpans;
  if (resourceSpans !== undefined && !Array.isArray(resourceSpans))
    throw new UndecodableError("resourceSpans must be an array");
  return normalise(message as RequestIn, "json", window);
}

type Encoding = "protobuf" | "json";

function hexOf(value: Bytes, encoding: Encoding): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    // The wire reader yields lowercase hex already; JSON ids are hex of either case (OTLP JSON rule).
    if (encoding === "protobuf") return value;
    return /^[0-9a-fA-F]*$/.test(value) && value.length % 2 === 0 ? value.toLowerCase() : "invalid";
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
  // protobufjs leaves an unset bytes field as an empty array.
  return Array.isArray(value) && encoding === "protobuf" ? Buffer.from(value as number[]).toString("hex") : null;
}

function int64(value: Int64): bigint | null {
  if (value === null || value === undefined) return 0n;
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
  if (typeof value === "string") return /^-?\d+$/.test(value) ? BigInt(value) : null;
  if (typeof value === "object" && "low" in value)
    return BigInt.asUintN(64, (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0));
  return null;
}

/** A JSON double: a number, or a string proto3 JSON allows ("NaN", "Infinity", "-Infinity", digits). */
function double(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return null;
  if (value === "NaN") return NaN;
  if (value === "Infinity" || value === "-Infinity") return Number(value);
  return /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number(value) : null;
}

/** An AnyValue in its stored form (lib/traces/attribute-values.ts); null for an empty or unreadable one. */
export function anyValue(value: AnyValueIn | null | undefined, depth = 0): StoredValue {
  if (!value || typeof value !== "object" || depth > 8) return null;
  // protobufjs exposes the set member of the oneof as `value`; JSON objects carry only that member.
  const kind = typeof value.value === "string" ? value.value : Object.keys(value).find((key) => key.endsWith("Value"));
  switch (kind) {
    case "stringValue":
      return String(value.stringValue ?? "");
    case "boolValue":
      return value.boolValue === true;
    case "intValue": {
      const n = int64(value.intValue);
      return n === null ? null : storedInt(BigInt.asIntN(64, n));
    }
    case "doubleValue": {
      const x = double(value.doubleValue);
      return x === null ? null : storedDouble(x);
    }
    case "arrayValue": {
      const values = value.arrayValue?.values;
      return Array.isArray(values) ? values.map((item) => anyValue(item, depth + 1)) : [];
    }
    case "kvlistValue": {
      const values = value.kvlistValue?.values;
      const pairs: [string, StoredValue][] = [];
      if (Array.isArray(values))
        for (const item of values)
          if (item && typeof item.key === "string") pairs.push([item.key, anyValue(item.value, depth + 1)]);
      return storedKvlist(pairs);
    }
    case "bytesValue": {
      const bytes = value.bytesValue;
      if (typeof bytes === "string") return storedBytes(bytes);
      // JSON can hold anything here: only bytes and arrays of numbers are bytes.
      return storedBytes(
        bytes instanceof Uint8Array || Array.isArray(bytes) ? Buffer.from(bytes as Uint8Array).toString("base64") : "",
      );
    }
    default:
      return null;
  }
}

function attributesOf(list: KeyValueIn[] | undefined): Record<string, StoredValue> {
  const out: Record<string, StoredValue> = {};
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (item && typeof item.key === "string" && item.key !== "") out[item.key] = anyValue(item.value);
  }
  return out;
}

export const PROMOTED_KEYS = new Set<string>(Object.values(PROMOTED).flat());

/** Span attributes without the promoted ones, which go to `promoted` (no `delete`: it is slow). */
function spanAttributesOf(list: KeyValueIn[] | undefined, promoted: Map<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (!item || typeof item.key !== "string" || item.key === "") continue;
    if (PROMOTED_KEYS.has(item.key)) promoted.set(item.key, anyValue(item.value));
    else out[item.key] = anyValue(item.value);
  }
  return out;
}

/** What a ResourceSpans gives each of its spans. */
export interface ResourceInfo {
  resource: Record<string, unknown>;
  service: string;
  environment: string | null;
  feature: string | null;
}

export function resourceInfoOf(attributes: KeyValueIn[] | undefined): ResourceInfo {
  const resource: Record<string, unknown> = attributesOf(attributes);
  return {
    resource,
    service: label(resource["service.name"]) || UNKNOWN_SERVICE,
    environment: label(ENVIRONMENT_KEYS.map((key) => resource[key]).find((value) => value !== undefined)),
    feature: label(resource["vigil.feature"]),
  };
}

export type EventIn = NonNullable<SpanIn["events"]>[number];
export type LinkIn = NonNullable<SpanIn["links"]>[number];

export const eventOf = (event: EventIn | null | undefined): SpanRecord["events"][number] => ({
  timeUnixNano: (int64(event?.timeUnixNano) ?? 0n).toString(),
  name: String(event?.name ?? ""),
  attributes: attributesOf(event?.attributes),
});

export const linkOf = (link: LinkIn | null | undefined, encoding: Encoding): SpanRecord["links"][number] => ({
  traceId: hexOf(link?.traceId, encoding) ?? "",
  spanId: hexOf(link?.spanId, encoding) ?? "",
  traceState: link?.traceState ? String(link.traceState) : null,
  flags: Number(link?.flags ?? 0) >>> 0,
  attributes: attributesOf(link?.attributes),
});

/** Exported for the reference comparison in wire.test.ts. */
export function normalise(message: RequestIn, encoding: Encoding, window = EVERY_TIME): Decoded {
  const spans: SpanRecord[] = [];
  const rejections = new Rejections();
  let tooOld = 0;
  let tooNew = 0;
  const resourceSpans = Array.isArray(message.resourceSpans) ? message.resourceSpans : [];
  resourceSpans.forEach((rs, r) => {
    const origin = resourceInfoOf(rs?.resource?.attributes);
    (Array.isArray(rs?.scopeSpans) ? rs.scopeSpans : []).forEach((ss, s) => {
      (Array.isArray(ss?.spans) ? ss.spans : []).forEach((span, i) => {
        if (!span || typeof span !== "object") return rejections.reject(r, s, i, "not a span");
        const traceId = hexOf(span.traceId, encoding);
        const spanId = hexOf(span.spanId, encoding);
        const parentHex = hexOf(span.parentSpanId, encoding);
        const startNs = int64(span.startTimeUnixNano);
        const endNs = int64(span.endTimeUnixNano);
        const kind = Number(span.kind ?? 0);
        const statusCode = Number(span.status?.code ?? 0);
        const invalid = invalidSpan(traceId, spanId, parentHex, startNs, endNs, kind, statusCode);
        if (invalid) return rejections.reject(r, s, i, invalid);
        const outside = outsideWindow(startNs as bigint, endNs as bigint, window);
        if (outside === "end") return rejections.reject(r, s, i, END_TOO_LATE);
        if (outside === "old") return void tooOld++;
        if (outside === "new") return void tooNew++;
        const promoted = new Map<string, unknown>();
        const attributes = spanAttributesOf(span.attributes, promoted);
        for (const [key, value] of keptPromoted(promoted, origin.feature)) attributes[key] = value;
        spans.push({
          traceId: traceId as string,
          spanId: spanId as string,
          parentSpanId: parentHex ? parentHex : null,
          traceState: span.traceState ? String(span.traceState) : null,
          flags: Number(span.flags ?? 0) >>> 0,
          service: origin.service,
          name: clip(String(span.name ?? ""), MAX_NAME_LENGTH),
          kind,
          startNs: startNs as bigint,
          endNs: endNs as bigint,
          statusCode,
          statusMessage: span.status?.message ? String(span.status.message) : null,
          ...promotedColumns(promoted, origin.feature),
          environment: origin.environment,
          attributes,
          resource: origin.resource,
          scopeName: ss?.scope?.name ? String(ss.scope.name) : null,
          scopeVersion: ss?.scope?.version ? String(ss.scope.version) : null,
          events: (Array.isArray(span.events) ? span.events : []).map(eventOf),
          links: (Array.isArray(span.links) ? span.links : []).map((link) => linkOf(link, encoding)),
        });
      });
    });
  });
  return { spans, rejected: rejections.count, reasons: rejections.reasons, tooOld, tooNew };
}
