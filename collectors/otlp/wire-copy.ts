// The receiver's hot path: an OTLP protobuf ExportTraceServiceRequest written straight into
// PostgreSQL COPY rows (SPAN_COLUMNS of lib/traces/span-batch.ts), byte to byte. Plain ASCII names
// and values are copied from the request into the rows; attribute keys are looked up by their
// bytes; nothing is built per attribute. It writes what decodeProtobuf + encodeSpans write
// (checked row by row in wire.test.ts, fuzzed bodies included), at a fraction of the CPU:
// building those objects and strings was most of the receiver's work. Spans of the common shape
// go to the WebAssembly writer (span-rows.ts), the rest to readSpan (wire-span.ts); rare shapes
// (arrays, maps, bytes, events, links, resources, non-ASCII text) there go through the generic
// reader and the normaliser's own functions.

import { field } from "@/lib/copy-text";
import { type AttributeKeys, AttributeNamer } from "@/lib/traces/attribute-keys";
import { fingerprint, utcDayOf } from "@/lib/traces/encode-spans";
import type { SpanBatch } from "@/lib/traces/span-batch";
import { AttributeWriter } from "./copy-attributes";
import { CopyWriter } from "./copy-writer";
import { UndecodableError } from "./decode";
import { Rejections, type TimeWindow } from "./span-rules";
import { spanRows } from "./span-rows";
import { SCOPE, WireError } from "./wire";
import { lastField, type Origin, originOf } from "./wire-origin";
import { expectWire, LEN, Reader, readSubMessage } from "./wire-reader";
import { type Decoding, NS_PER_DAY, type OriginBytes, readSpan, SpanFields } from "./wire-span";

export interface CopyDecoded extends SpanBatch {
  /** Spans left out for starting outside [oldestNs, newestNs]. */
  tooOld: number;
  tooNew: number;
}

function readScopeSpans(r: Reader, d: Decoding, origin: Origin, rs: number, ss: number): void {
  const outer = r.enter();
  const scope = lastField(r, 1, "ScopeSpans.scope", (inner) => readSubMessage(inner, { name: "", version: "" }, SCOPE));
  const scopeName = scope?.name ? scope.name : null;
  const scopeVersion = scope?.version ? scope.version : null;
  const fp = fingerprint(origin.resource, scopeName, scopeVersion);
  const countBefore = d.count;
  const shared: OriginBytes = {
    columns: Buffer.from(`${field(origin.service)}\t${field(origin.environment)}\t${fp}\t`),
    feature: origin.feature,
  };
  const fast = d.fast !== null && d.fast.origin(shared.columns, Buffer.from(field(origin.feature))) ? d.fast : null;
  let index = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 2) {
      expectWire(tag, LEN, "ScopeSpans.spans");
      if (fast !== null) {
        const at = r.pos;
        const end = r.varint() + r.pos;
        if (end <= r.end && fast.span(r.pos, end, d.out)) {
          r.pos = end;
          d.count += 1;
          index += 1;
          continue;
        }
        // Handed back: its row comes after the rows written so far.
        fast.flush(d.out);
        r.pos = at;
      }
      readSpan(r, d, shared, rs, ss, index++);
      fast?.syncKeys(d.attributes.keys);
    } else r.skip(tag & 7);
  }
  r.leave(outer);
  if (d.count > countBefore && !d.origins.has(fp))
    d.origins.set(fp, { service: origin.service, resource: origin.resource, scopeName, scopeVersion });
}

function readResourceSpans(r: Reader, d: Decoding, rs: number): void {
  const outer = r.enter();
  const origin = originOf(r);
  let ss = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 2) {
      expectWire(tag, LEN, "ResourceSpans.scope_spans");
      readScopeSpans(r, d, origin, rs, ss++);
    } else r.skip(tag & 7);
  }
  r.leave(outer);
}

/**
 * A protobuf ExportTraceServiceRequest as COPY rows, attribute keys named by `keys`. Throws
 * UndecodableError for a body that is not one; invalid spans are counted and named, spans outside
 * `window` counted, the rest kept. The minutes of spans starting before `lateBeforeNs` are listed.
 */
export function decodeProtobufCopy(
  body: Uint8Array,
  keys: AttributeKeys,
  window: TimeWindow,
  lateBeforeNs = 0n,
): CopyDecoded {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const namer = new AttributeNamer(keys);
  const fast = spanRows();
  // With WebAssembly the rows arrive in one piece at the end: no buffer for the worst case.
  const out = new CopyWriter(fast ? 4096 : buf.length * 2);
  const d: Decoding = {
    out,
    attributes: new AttributeWriter(out, namer),
    rejections: new Rejections(),
    window,
    tooOld: 0,
    tooNew: 0,
    count: 0,
    days: new Set(),
    lastDay: -1n,
    lateBeforeNs,
    lateMinutes: new Set(),
    origins: new Map(),
    span: new SpanFields(),
    fast,
  };
  d.fast?.begin(buf, window.oldestNs, window.newestNs, lateBeforeNs, d.attributes.keys);
  try {
    const r = new Reader(buf, 0, buf.length);
    let rs = 0;
    while (r.pos < r.end) {
      const tag = r.varint();
      if (tag >>> 3 === 1) {
        expectWire(tag, LEN, "ExportTraceServiceRequest.resource_spans");
        readResourceSpans(r, d, rs++);
      } else r.skip(tag & 7);
    }
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    throw new UndecodableError(`body is not an OTLP ExportTraceServiceRequest: ${err.message}`);
  }
  if (d.fast !== null) {
    d.fast.flush(out);
    for (const day of d.fast.days()) d.days.add(utcDayOf(BigInt(day) * NS_PER_DAY));
    for (const minute of d.fast.lateMinutes()) d.lateMinutes.add(minute);
  }
  return {
    rows: d.out.buf.subarray(0, d.out.length),
    count: d.count,
    days: d.days,
    lateMinutes: d.lateMinutes,
    origins: d.origins,
    newKeys: namer.newKeys,
    rejected: d.rejections.count,
    reasons: d.rejections.reasons,
    tooOld: d.tooOld,
    tooNew: d.tooNew,
  };
}
