import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/chain";
import { field, jsonbSafe } from "../copy-text";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { AttributeNamer, registerAttributeKeys } from "./attribute-keys";
import { ensureSpanPartitions } from "./partitions";
import { LATE_ARRIVAL_MINUTES } from "./rollup-spans";
import { storeSpanRows } from "./store-span-rows";
import type { SpanRecord, StoredBatch, StoredSpan } from "./span-record";

export { field, jsonbSafe } from "../copy-text";
export { COLUMNS, COPY_SPANS_SQL } from "./store-span-rows";

export interface IngestResult {
  /** Spans newly stored. */
  stored: number;
  /** Spans already stored by an earlier delivery of the same batch (not counted twice). */
  duplicates: number;
  /** Spans PostgreSQL refused to store (a value it can not hold): left out, the rest stored. */
  rejected: number;
  /** The first few reasons for them, naming each span. */
  reasons: string[];
}

/** What a group of spans shares, stored once in span_resource. */
export interface SpanOrigin {
  service: string;
  resource: Record<string, unknown>;
  scopeName: string | null;
  scopeVersion: string | null;
}

/** Spans as COPY rows, with what storing them needs besides. */
export interface CopyBatch {
  text: string | Buffer;
  count: number;
  /** UTC days ("YYYY-MM-DD") the spans start on: their partitions. */
  days: Set<string>;
  /** UTC minutes (since 1970) that late spans start in: the rollup rebuilds them. */
  lateMinutes: Set<number>;
  origins: Map<bigint, SpanOrigin>;
  /** Attribute keys stored literally that the dictionary could take. */
  newKeys: Set<string>;
}

/** Spans in the stored form; keys without an id yet are kept literally and listed in newKeys. */
export function storedBatchOf(spans: SpanRecord[]): StoredBatch {
  const namer = new AttributeNamer();
  const stored = spans.map(({ attributes, events, links, ...rest }): StoredSpan => ({
    ...rest,
    attributesJson: namer.encode(attributes),
    eventsJson: events.length ? JSON.stringify(events) : null,
    linksJson: links.length ? JSON.stringify(links) : null,
  }));
  return { spans: stored, newKeys: namer.newKeys };
}

const NS_PER_MINUTE = 60_000_000_000n;

/**
 * Spans that start before this, arriving at `nowMs`, are late: the rollup may have passed their
 * minute already (it goes back LATE_ARRIVAL_MINUTES each run, no further).
 */
export const lateBeforeNs = (nowMs: number): bigint => BigInt(nowMs - LATE_ARRIVAL_MINUTES * 60_000) * 1_000_000n;

/** Stored spans as COPY rows; spans starting before `lateBefore` have their minute listed. */
export function copyBatchOf({ spans, newKeys }: StoredBatch, lateBefore = lateBeforeNs(Date.now())): CopyBatch {
  const origins = new Map<bigint, SpanOrigin>();
  const days = new Set<string>();
  const lateMinutes = new Set<number>();
  let text = "";
  for (const span of spans) {
    const fp = fingerprint(span.resource, span.scopeName, span.scopeVersion);
    if (!origins.has(fp))
      origins.set(fp, {
        service: span.service,
        resource: span.resource,
        scopeName: span.scopeName,
        scopeVersion: span.scopeVersion,
      });
    days.add(utcDayOf(span.startNs));
    if (span.startNs < lateBefore) lateMinutes.add(Number(span.startNs / NS_PER_MINUTE));
    text += row(span, fp);
  }
  return { text, count: spans.length, days, lateMinutes, origins, newKeys };
}

/** Rows in COPY text format, attribute keys registered first (for the benchmarks' plain COPY). */
export async function copyText(spans: SpanRecord[]): Promise<string | Buffer> {
  const batch = storedBatchOf(spans);
  if (batch.newKeys.size > 0) await registerAttributeKeys(pool(), batch.newKeys);
  return copyBatchOf(batch.newKeys.size > 0 ? storedBatchOf(spans) : batch).text;
}

const bytea = (hex: string | null) => (hex === null ? "\\N" : `\\\\x${hex}`);

// Spans of a batch mostly start within a few seconds: the formatted second is reused.
let lastSecond = -1;
let lastSecondText = "";

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

/** The span_resource key of a resource and instrumentation scope. */
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
const json = (text: string | null) => (text === null ? NULL : field(jsonbSafe(text)));

function row(span: StoredSpan, resourceFp: bigint): string {
  // One concatenation, in COLUMNS order: no intermediate array per span.
  return (
    `${isoMicros(span.startNs)}\t${bytea(span.traceId)}\t${bytea(span.spanId)}\t${bytea(span.parentSpanId)}\t` +
    `${field(span.name)}\t${span.kind}\t${span.endNs - span.startNs}\t${span.statusCode}\t${field(span.statusMessage)}\t` +
    `${field(span.traceState)}\t${span.flags | 0}\t${field(span.service)}\t${field(span.environment)}\t${resourceFp}\t` +
    `${json(span.attributesJson)}\t${field(span.httpRoute)}\t${span.httpStatusCode ?? NULL}\t${field(span.dbSystem)}\t` +
    `${field(span.peerService)}\t${field(span.feature)}\t${json(span.eventsJson)}\t${json(span.linksJson)}\n`
  );
}

export const utcDayOf = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 10);

/**
 * Stores spans in one transaction with COPY. When some of them are already stored (a client
 * re-sending after a timeout), the batch goes through a staging table instead and only the new
 * rows are inserted, so a re-sent batch is never counted twice.
 * When it returns, every span is committed: only then may the receiver acknowledge.
 */
export async function ingestSpans(ctx: Ctx, spans: SpanRecord[]): Promise<IngestResult> {
  return ingestCopyBatch(ctx, () => copyBatchOf(storedBatchOf(spans)));
}

/**
 * ingestSpans for spans already written as COPY rows. `encode` is called again, once, when the
 * first batch named attribute keys the dictionary did not have yet and they have been added.
 * A value PostgreSQL refuses (a data error) rejects only the spans that hold it; any other
 * failure (the database unavailable) is thrown, and nothing of the batch is acknowledged.
 */
export async function ingestCopyBatch(ctx: Ctx, encode: () => CopyBatch): Promise<IngestResult> {
  authorize(ctx, "ingest:traces");
  let batch = encode();
  if (batch.count === 0) return { stored: 0, duplicates: 0, rejected: 0, reasons: [] };
  const client = await pool().connect();
  try {
    if (batch.newKeys.size > 0) {
      await registerAttributeKeys(client, batch.newKeys);
      batch = encode();
    }
    await ensureSpanPartitions(client, batch.days);
    const { stored, rejected, reasons } = await storeSpanRows(client, batch);
    return { stored, duplicates: batch.count - stored - rejected, rejected, reasons };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
