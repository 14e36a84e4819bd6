import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { canonicalJson } from "../audit/chain";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { AttributeNamer, registerAttributeKeys } from "./attribute-keys";
import { ensureSpanPartitions } from "./partitions";
import type { SpanRecord, StoredBatch, StoredSpan } from "./span-record";

export interface IngestResult {
  /** Spans newly stored. */
  stored: number;
  /** Spans already stored by an earlier delivery of the same batch (not counted twice). */
  duplicates: number;
}

const COLUMNS = [
  "start_time", "trace_id", "span_id", "parent_span_id", "service", "name", "kind", "duration_ns", "status_code",
  "status_message", "http_route", "http_status_code", "db_system", "peer_service", "environment", "feature",
  "resource_fp", "trace_state", "flags", "attributes", "events", "links",
] as const;

const knownResources = new Set<bigint>();
const UNIQUE_VIOLATION = "23505";

/** The COPY statement and text rows for spans (also used by the ingest benchmark's baseline). */
export const COPY_SPANS_SQL = (table: string) => `COPY ${table} (${COLUMNS.join(", ")}) FROM STDIN`;

/** Rows in COPY text format, attribute keys registered first (for the benchmarks' plain COPY). */
export async function copyText(spans: SpanRecord[]): Promise<string> {
  let batch = storedBatchOf(spans);
  if (batch.newKeys.size > 0) {
    await registerAttributeKeys(pool(), batch.newKeys);
    batch = storedBatchOf(spans);
  }
  let text = "";
  for (const span of batch.spans) text += row(span, fingerprint(span));
  return text;
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

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** COPY text format: backslash, tab, newline and carriage return escaped; \N is NULL. */
function field(value: string | null): string {
  if (value === null) return "\\N";
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

const bytea = (hex: string | null) => (hex === null ? "\\N" : `\\\\x${hex}`);

// Spans of a batch mostly start within a few seconds: the formatted second is reused.
let lastSecond = -1;
let lastSecondText = "";

function isoMicros(ns: bigint): string {
  const micros = Number(ns / 1000n);
  const second = Math.floor(micros / 1_000_000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = new Date(second * 1000).toISOString().slice(0, 19);
  }
  return `${lastSecondText}.${String(micros - second * 1_000_000).padStart(6, "0")}+00`;
}

// The decoder shares one resource object among the spans of a ResourceSpans: hash it once per
// instrumentation scope.
const fingerprints = new WeakMap<object, Map<string, bigint>>();

function fingerprint(span: StoredSpan): bigint {
  let byScope = fingerprints.get(span.resource);
  if (!byScope) {
    byScope = new Map();
    fingerprints.set(span.resource, byScope);
  }
  const scopeKey = `${span.scopeName ?? ""}\u0000${span.scopeVersion ?? ""}`;
  let fp = byScope.get(scopeKey);
  if (fp === undefined) {
    const origin = { resource: span.resource, scope: { name: span.scopeName, version: span.scopeVersion } };
    fp = createHash("sha256").update(canonicalJson(origin)).digest().readBigInt64BE(0);
    byScope.set(scopeKey, fp);
  }
  return fp;
}

const NULL = "\\N";

function row(span: StoredSpan, resourceFp: bigint): string {
  // One concatenation, in COLUMNS order: no intermediate array per span.
  return (
    `${isoMicros(span.startNs)}\t${bytea(span.traceId)}\t${bytea(span.spanId)}\t${bytea(span.parentSpanId)}\t` +
    `${field(span.service)}\t${field(span.name)}\t${span.kind}\t${span.endNs - span.startNs}\t${span.statusCode}\t` +
    `${field(span.statusMessage)}\t${field(span.httpRoute)}\t${span.httpStatusCode ?? NULL}\t${field(span.dbSystem)}\t` +
    `${field(span.peerService)}\t${field(span.environment)}\t${field(span.feature)}\t${resourceFp}\t` +
    `${field(span.traceState)}\t${span.flags | 0}\t${field(span.attributesJson)}\t${field(span.eventsJson)}\t${field(span.linksJson)}\n`
  );
}

const utcDayOf = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 10);

/**
 * Stores spans in one transaction with COPY. When some of them are already stored (a client
 * re-sending after a timeout), the batch goes through a staging table instead and only the new
 * rows are inserted, so a re-sent batch is never counted twice.
 * When it returns, every span is committed: only then may the receiver acknowledge.
 */
export async function ingestSpans(ctx: Ctx, spans: SpanRecord[]): Promise<IngestResult> {
  return ingestStoredSpans(ctx, () => storedBatchOf(spans));
}

/**
 * ingestSpans for spans already in the stored form. `encode` is called again, once, when the
 * first batch named attribute keys the dictionary did not have yet and they have been added.
 */
export async function ingestStoredSpans(ctx: Ctx, encode: () => StoredBatch): Promise<IngestResult> {
  authorize(ctx, "ingest:traces");
  let batch = encode();
  if (batch.spans.length === 0) return { stored: 0, duplicates: 0 };
  const client = await pool().connect();
  try {
    if (batch.newKeys.size > 0) {
      await registerAttributeKeys(client, batch.newKeys);
      batch = encode();
    }
    const { spans } = batch;
    await ensureSpanPartitions(client, new Set(spans.map((span) => utcDayOf(span.startNs))));
    const resources = new Map<bigint, StoredSpan>();
    let text = "";
    for (const span of spans) {
      const fp = fingerprint(span);
      if (!knownResources.has(fp)) resources.set(fp, span);
      text += row(span, fp);
    }
    const storeResources = async () => {
      if (resources.size === 0) return;
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
    };
    let stored: number;
    try {
      // The common case, a batch never seen before: one COPY straight into the table.
      await client.query("BEGIN");
      await storeResources();
      await pipeline(Readable.from([text]), client.query(copyFrom(COPY_SPANS_SQL("span"))));
      await client.query("COMMIT");
      stored = spans.length;
    } catch (err) {
      await client.query("ROLLBACK");
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      // A re-sent batch (or a span sent twice): stage it and keep only the rows not stored yet.
      await client.query("BEGIN");
      await client.query(`CREATE TEMP TABLE IF NOT EXISTS span_stage (LIKE span INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
      await storeResources();
      await pipeline(Readable.from([text]), client.query(copyFrom(COPY_SPANS_SQL("span_stage"))));
      const inserted = await client.query(`INSERT INTO span SELECT * FROM span_stage ON CONFLICT DO NOTHING`);
      await client.query("COMMIT");
      stored = inserted.rowCount ?? 0;
    }
    for (const fp of resources.keys()) knownResources.add(fp);
    return { stored, duplicates: spans.length - stored };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
