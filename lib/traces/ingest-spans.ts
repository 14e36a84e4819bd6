import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { canonicalJson } from "../audit/chain";
import { field, jsonbSafe } from "../copy-text";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { AttributeNamer, registerAttributeKeys } from "./attribute-keys";
import { ensureSpanPartitions } from "./partitions";
import type { SpanRecord, StoredBatch, StoredSpan } from "./span-record";

export { field, jsonbSafe } from "../copy-text";

export interface IngestResult {
  /** Spans newly stored. */
  stored: number;
  /** Spans already stored by an earlier delivery of the same batch (not counted twice). */
  duplicates: number;
}

// Resource-dependent columns and the attributes come late in a row, and the promoted attributes
// after them: the protobuf hot path (collectors/otlp/wire-copy.ts) writes rows in this order as
// it reads, and only knows the promoted values once it has read every attribute.
export const COLUMNS = [
  "start_time", "trace_id", "span_id", "parent_span_id", "name", "kind", "duration_ns", "status_code", "status_message",
  "trace_state", "flags", "service", "environment", "resource_fp", "attributes", "http_route", "http_status_code",
  "db_system", "peer_service", "feature", "events", "links",
] as const;

const knownResources = new Set<bigint>();
const UNIQUE_VIOLATION = "23505";

/** The COPY statement for spans (also used by the benchmarks' plain COPY). */
export const COPY_SPANS_SQL = (table: string) => `COPY ${table} (${COLUMNS.join(", ")}) FROM STDIN`;

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

/** Stored spans as COPY rows. */
export function copyBatchOf({ spans, newKeys }: StoredBatch): CopyBatch {
  const origins = new Map<bigint, SpanOrigin>();
  const days = new Set<string>();
  let text = "";
  for (const span of spans) {
    const fp = fingerprint(span.resource, span.scopeName, span.scopeVersion);
    if (!origins.has(fp)) origins.set(fp, { service: span.service, resource: span.resource, scopeName: span.scopeName, scopeVersion: span.scopeVersion });
    days.add(utcDayOf(span.startNs));
    text += row(span, fp);
  }
  return { text, count: spans.length, days, origins, newKeys };
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
export function fingerprint(resource: Record<string, unknown>, scopeName: string | null, scopeVersion: string | null): bigint {
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
 */
export async function ingestCopyBatch(ctx: Ctx, encode: () => CopyBatch): Promise<IngestResult> {
  authorize(ctx, "ingest:traces");
  let batch = encode();
  if (batch.count === 0) return { stored: 0, duplicates: 0 };
  const client = await pool().connect();
  try {
    if (batch.newKeys.size > 0) {
      await registerAttributeKeys(client, batch.newKeys);
      batch = encode();
    }
    const { text } = batch;
    await ensureSpanPartitions(client, batch.days);
    const resources = new Map([...batch.origins].filter(([fp]) => !knownResources.has(fp)));
    // Resources first, committed on their own: a stored span always finds its resource, and a
    // resource stored for spans that then fail is harmless (the retry finds it there).
    if (resources.size > 0) {
      // Sorted, so concurrent batches take the unique-index locks in one order and never deadlock.
      const fps = [...resources.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      await client.query(
        `INSERT INTO span_resource (fingerprint, service, attributes, scope_name, scope_version)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::text[], $5::text[]) ON CONFLICT (fingerprint) DO NOTHING`,
        [
          fps.map(String),
          fps.map((fp) => resources.get(fp)?.service),
          fps.map((fp) => JSON.stringify(resources.get(fp)?.resource)),
          fps.map((fp) => resources.get(fp)?.scopeName ?? null),
          fps.map((fp) => resources.get(fp)?.scopeVersion ?? null),
        ],
      );
    }
    let stored: number;
    try {
      // The common case, a batch never seen before: one COPY straight into the table, its own
      // transaction (one round trip; committed when it returns).
      await pipeline(Readable.from([text]), client.query(copyFrom(COPY_SPANS_SQL("span"))));
      stored = batch.count;
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      // A re-sent batch (or a span sent twice): stage it and keep only the rows not stored yet.
      await client.query("BEGIN");
      await client.query(`CREATE TEMP TABLE IF NOT EXISTS span_stage (LIKE span INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
      await pipeline(Readable.from([text]), client.query(copyFrom(COPY_SPANS_SQL("span_stage"))));
      const inserted = await client.query(`INSERT INTO span SELECT * FROM span_stage ON CONFLICT DO NOTHING`);
      await client.query("COMMIT");
      stored = inserted.rowCount ?? 0;
    }
    for (const fp of resources.keys()) knownResources.add(fp);
    return { stored, duplicates: batch.count - stored };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
