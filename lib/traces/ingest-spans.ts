import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { canonicalJson } from "../audit/chain";
import { field, jsonbSafe, pgText } from "../copy-text";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { AttributeNamer, registerAttributeKeys } from "./attribute-keys";
import { ensureSpanPartitions } from "./partitions";
import { LATE_ARRIVAL_MINUTES } from "./rollup-spans";
import type { SpanRecord, StoredBatch, StoredSpan } from "./span-record";

export { field, jsonbSafe } from "../copy-text";

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
    if (!origins.has(fp)) origins.set(fp, { service: span.service, resource: span.resource, scopeName: span.scopeName, scopeVersion: span.scopeVersion });
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
    const outcome = new Outcome();
    const refusedOrigins = await storeResources(client, batch.origins);
    const late = [...batch.lateMinutes].map((minute) => new Date(minute * 60_000).toISOString());
    if (refusedOrigins.size === 0) {
      try {
        // The common case: every row in one statement.
        outcome.stored += await copyRows(client, batch.text, batch.count, late);
      } catch (err) {
        if (!isDataError(err)) throw err;
        await storeIsolating(client, rowsOf(batch.text), late, outcome);
      }
    } else {
      const rows = rowsOf(batch.text).filter((row) => {
        const refused = refusedOrigins.get(resourceFpOf(row));
        if (refused !== undefined) outcome.refuse(row, refused);
        return refused === undefined;
      });
      if (rows.length > 0) await storeIsolating(client, rows, late, outcome);
    }
    return { stored: outcome.stored, duplicates: batch.count - outcome.stored - outcome.rejected, rejected: outcome.rejected, reasons: outcome.reasons };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

const MAX_REASONS = 5;

/** What storing a batch came to, with the spans PostgreSQL refused. */
class Outcome {
  stored = 0;
  rejected = 0;
  readonly reasons: string[] = [];

  refuse(row: string, why: string): void {
    this.rejected += 1;
    if (this.reasons.length >= MAX_REASONS) return;
    const [, traceId, spanId] = row.split("\t", 3);
    // The ids are bytea in COPY text: \\x and hex.
    this.reasons.push(`span ${spanId.slice(3)} of trace ${traceId.slice(3)} could not be stored: ${why}`);
  }
}

// SQLSTATE classes of errors in the data itself: data exceptions (22), integrity violations (23;
// a unique violation is a re-sent span, handled apart) and program limits (54, a value too big).
// Anything else (connection, shutdown, lock timeout, serialization) may pass: a retry is right.
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string" || code === UNIQUE_VIOLATION) return false;
  return code.startsWith("22") || code.startsWith("23") || code.startsWith("54");
}

/** COPY text as its rows (a newline ends each; newlines in values are escaped). */
function rowsOf(text: string | Buffer): string[] {
  const rows = text.toString().split("\n");
  rows.pop();
  return rows.map((row) => `${row}\n`);
}

const RESOURCE_FP_COLUMN = COLUMNS.indexOf("resource_fp");
const resourceFpOf = (row: string) => BigInt(row.split("\t", RESOURCE_FP_COLUMN + 1)[RESOURCE_FP_COLUMN]);

/**
 * Rows stored by halves until the rows PostgreSQL refuses are found alone, and rejected: a
 * batch with one bad row takes about 2·log2(rows) statements, once.
 */
async function storeIsolating(client: pg.PoolClient, rows: string[], late: string[], outcome: Outcome): Promise<void> {
  try {
    outcome.stored += await copyRows(client, rows.join(""), rows.length, late);
  } catch (err) {
    if (!isDataError(err)) throw err;
    if (rows.length === 1) return outcome.refuse(rows[0], (err as Error).message);
    const half = rows.length >> 1;
    await storeIsolating(client, rows.slice(0, half), late, outcome);
    await storeIsolating(client, rows.slice(half), late, outcome);
  }
}

const copyInto = (client: pg.PoolClient, table: string, text: string | Buffer) => pipeline(Readable.from([text]), client.query(copyFrom(COPY_SPANS_SQL(table))));

// Noted with the spans, in their transaction: the rollup that clears a minute sees its spans.
const noteLateMinutes = (client: pg.PoolClient, late: string[]) =>
  client.query(`INSERT INTO span_late_minute (minute) SELECT unnest($1::timestamptz[]) ON CONFLICT DO NOTHING`, [late]);

/**
 * Stores COPY rows in one transaction, with the late minutes; returns how many were new. When
 * some are already stored (a client re-sending after a timeout), they go through a staging
 * table and only the new rows are inserted, so a re-sent batch is never counted twice.
 */
async function copyRows(client: pg.PoolClient, text: string | Buffer, count: number, late: string[]): Promise<number> {
  try {
    if (late.length === 0) {
      // The common case, a batch never seen before: one COPY straight into the table, its own
      // transaction (one round trip; committed when it returns).
      await copyInto(client, "span", text);
      return count;
    }
    await client.query("BEGIN");
    await noteLateMinutes(client, late);
    await copyInto(client, "span", text);
    await client.query("COMMIT");
    return count;
  } catch (err) {
    if (late.length > 0) await client.query("ROLLBACK").catch(() => {});
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
  }
  // A re-sent batch (or a span sent twice): stage it and keep only the rows not stored yet.
  try {
    await client.query("BEGIN");
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS span_stage (LIKE span INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
    if (late.length > 0) await noteLateMinutes(client, late);
    await copyInto(client, "span_stage", text);
    const inserted = await client.query(`INSERT INTO span SELECT * FROM span_stage ON CONFLICT DO NOTHING`);
    await client.query("COMMIT");
    return inserted.rowCount ?? 0;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}

/**
 * The resources (and scopes) of a batch, committed on their own first: a stored span always
 * finds its resource, and a resource stored for spans that then fail is harmless (the retry
 * finds it there). Returns the resources PostgreSQL refused, with why; their spans are rejected.
 */
async function storeResources(client: pg.PoolClient, origins: Map<bigint, SpanOrigin>): Promise<Map<bigint, string>> {
  const refused = new Map<bigint, string>();
  const resources = [...origins].filter(([fp]) => !knownResources.has(fp));
  if (resources.length === 0) return refused;
  // Sorted, so concurrent batches take the unique-index locks in one order and never deadlock.
  resources.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  try {
    await insertResources(client, resources);
  } catch (err) {
    if (!isDataError(err)) throw err;
    for (const resource of resources) {
      await insertResources(client, [resource]).catch((one: unknown) => {
        if (!isDataError(one)) throw one;
        refused.set(resource[0], (one as Error).message);
      });
    }
  }
  for (const [fp] of resources) if (!refused.has(fp)) knownResources.add(fp);
  return refused;
}

function insertResources(client: pg.PoolClient, resources: [bigint, SpanOrigin][]) {
  // Text as the span rows store it: NUL and lone surrogates become U+FFFD (COPY's field() does).
  return client.query(
    `INSERT INTO span_resource (fingerprint, service, attributes, scope_name, scope_version)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::text[], $5::text[]) ON CONFLICT (fingerprint) DO NOTHING`,
    [
      resources.map(([fp]) => String(fp)),
      resources.map(([, origin]) => pgText(origin.service)),
      resources.map(([, origin]) => jsonbSafe(JSON.stringify(origin.resource))),
      resources.map(([, origin]) => pgText(origin.scopeName)),
      resources.map(([, origin]) => pgText(origin.scopeVersion)),
    ],
  );
}
