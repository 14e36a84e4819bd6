import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/chain";
import { field, jsonbSafe } from "../copy-text";
import { type AttributeKeys, AttributeNamer } from "./attribute-keys";
import { LATE_ARRIVAL_MINUTES } from "./rollup-spans";
import type { SpanBatch, SpanOrigin } from "./span-batch";
import type { SpanRecord } from "./span-record";

// The reference writer of span rows (SPAN_COLUMNS): SpanRecords in, a SpanBatch out. Pure but for
// the key dictionary it is given; the protobuf hot path in collectors/otlp writes the same bytes.

const NS_PER_MINUTE = 60_000_000_000n;

/**
 * Spans that start before this, arriving at `nowMs`, are late: the rollup may have passed their
 * minute already (it goes back LATE_ARRIVAL_MINUTES each run, no further).
 */
export const lateBeforeNs = (nowMs: number): bigint => BigInt(nowMs - LATE_ARRIVAL_MINUTES * 60_000) * 1_000_000n;

export const utcDayOf = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 10);

// Spans of a batch mostly start within a few seconds: the formatted second is reused.
let lastSecond = -1;
let lastSecondText = "";

/** The start_time column: 2026-11-24T17:34:29.123456+00. */
export function isoMicros(ns: bigint): string {
  const micros = Number(ns / 1000n);
  const second = Math.floor(micros / 1_000_000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = new Date(second * 1000).toISOString().slice(0, 19);
  }
  return `${lastSecondText}.${String(micros - second * 1_000_000).padStart(6, "0")}+00`;
}

// The decoders share one resource object among the spans of a ResourceSpans: hash it once per
// instrumentation scope.
const fingerprints = new WeakMap<object, Map<string, bigint>>();

/** The span_resource key (resource_fp) of a resource and instrumentation scope. */
export function fingerprint(
  resource: Record<string, unknown>,
  scopeName: string | null,
  scopeVersion: string | null,
): bigint {
  let byScope = fingerprints.get(resource);
  if (!byScope) {
    byScope = new Map();
    fingerprints.set(resource, byScope);
  }
  const scopeKey = `${scopeName ?? ""}\u0000${scopeVersion ?? ""}`;
  let fp = byScope.get(scopeKey);
  if (fp === undefined) {
    const origin = { resource, scope: { name: scopeName, version: scopeVersion } };
    fp = createHash("sha256").update(canonicalJson(origin)).digest().readBigInt64BE(0);
    byScope.set(scopeKey, fp);
  }
  return fp;
}

const NULL = "\\N";

/** The start_extra_ns column: the nanoseconds start_time (microseconds) can not hold, \N for none. */
export const extraNs = (startNs: bigint): string => {
  const extra = Number(startNs % 1000n);
  return extra === 0 ? NULL : String(extra);
};
const bytea = (hex: string | null) => (hex === null ? NULL : `\\\\x${hex}`);
const json = (text: string | null) => (text === null ? NULL : field(jsonbSafe(text)));

function row(span: SpanRecord, attributesJson: string, resourceFp: bigint): string {
  const events = span.events.length ? JSON.stringify(span.events) : null;
  const links = span.links.length ? JSON.stringify(span.links) : null;
  // One concatenation, in SPAN_COLUMNS order: no intermediate array per span.
  return (
    `${isoMicros(span.startNs)}\t${bytea(span.traceId)}\t${bytea(span.spanId)}\t${bytea(span.parentSpanId)}\t` +
    `${field(span.name)}\t${span.kind}\t${span.endNs - span.startNs}\t${extraNs(span.startNs)}\t${span.statusCode}\t` +
    `${field(span.statusMessage)}\t` +
    `${field(span.traceState)}\t${span.flags | 0}\t${field(span.service)}\t${field(span.environment)}\t${resourceFp}\t` +
    `${json(attributesJson)}\t${field(span.httpRoute)}\t${span.httpStatusCode ?? NULL}\t${field(span.dbSystem)}\t` +
    `${field(span.peerService)}\t${field(span.feature)}\t${json(events)}\t${json(links)}\n`
  );
}

/**
 * Spans as a batch of COPY rows, attribute keys named by `keys` (a key without an id yet is
 * written literally and listed in newKeys); spans starting before `lateBefore` have their minute
 * listed.
 */
export function encodeSpans(
  spans: SpanRecord[],
  keys: AttributeKeys,
  lateBefore = lateBeforeNs(Date.now()),
): SpanBatch {
  const namer = new AttributeNamer(keys);
  const origins = new Map<bigint, SpanOrigin>();
  const days = new Set<string>();
  const lateMinutes = new Set<number>();
  let rows = "";
  for (const span of spans) {
    const fp = fingerprint(span.resource, span.scopeName, span.scopeVersion);
    if (!origins.has(fp)) origins.set(fp, originOf(span));
    days.add(utcDayOf(span.startNs));
    if (span.startNs < lateBefore) lateMinutes.add(Number(span.startNs / NS_PER_MINUTE));
    rows += row(span, namer.encode(span.attributes), fp);
  }
  return { rows, count: spans.length, days, lateMinutes, origins, newKeys: namer.newKeys, rejected: 0, reasons: [] };
}

const originOf = ({ service, resource, scopeName, scopeVersion }: SpanRecord): SpanOrigin => ({
  service,
  resource,
  scopeName,
  scopeVersion,
});
