import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { canonicalJson } from "../audit/chain";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { ensureSpanPartitions } from "./partitions";
import type { SpanRecord } from "./span-record";

export interface IngestResult {
  /** Spans newly stored. */
  stored: number;
  /** Spans already stored by an earlier delivery of the same batch (not counted twice). */
  duplicates: number;
}

const COLUMNS = [
  "start_time", "trace_id", "span_id", "parent_span_id", "service", "name", "kind", "duration_ns", "status_code",
  "status_message", "http_route", "http_status_code", "db_system", "peer_service", "environment", "feature",
  "resource_fp", "scope_name", "scope_version", "trace_state", "flags", "attributes", "events", "links",
] as const;

const knownResources = new Set<bigint>();
const UNIQUE_VIOLATION = "23505";

/** The COPY statement and text rows for spans (also used by the ingest benchmark's baseline). */
export const COPY_SPANS_SQL = (table: string) => `COPY ${table} (${COLUMNS.join(", ")}) FROM STDIN`;

export function copyText(spans: SpanRecord[]): string {
  return `${spans.map((span) => row(span, fingerprint(span.resource))).join("\n")}\n`;
}

/** COPY text format: backslash, tab, newline and carriage return escaped; \N is NULL. */
function field(value: string | null): string {
  if (value === null) return "\\N";
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

const bytea = (hex: string | null) => (hex === null ? "\\N" : `\\\\x${hex}`);

function isoMicros(ns: bigint): string {
  const micros = ns / 1000n;
  const date = new Date(Number(micros / 1000n));
  return `${date.toISOString().slice(0, 19)}.${(micros % 1_000_000n).toString().padStart(6, "0")}+00`;
}

// The decoder shares one resource object among the spans of a ResourceSpans: hash it once.
const fingerprints = new WeakMap<object, bigint>();

function fingerprint(resource: Record<string, unknown>): bigint {
  let fp = fingerprints.get(resource);
  if (fp === undefined) {
    fp = createHash("sha256").update(canonicalJson(resource)).digest().readBigInt64BE(0);
    fingerprints.set(resource, fp);
  }
  return fp;
}

function row(span: SpanRecord, resourceFp: bigint): string {
  const json = (value: unknown) => field(JSON.stringify(value));
  return [
    isoMicros(span.startNs),
    bytea(span.traceId),
    bytea(span.spanId),
    bytea(span.parentSpanId),
    field(span.service),
    field(span.name),
    String(span.kind),
    (span.endNs - span.startNs).toString(),
    String(span.statusCode),
    field(span.statusMessage),
    field(span.httpRoute),
    span.httpStatusCode === null ? "\\N" : String(span.httpStatusCode),
    field(span.dbSystem),
    field(span.peerService),
    field(span.environment),
    field(span.feature),
    resourceFp.toString(),
    field(span.scopeName),
    field(span.scopeVersion),
    field(span.traceState),
    String(span.flags | 0),
    json(span.attributes),
    span.events.length ? json(span.events) : "\\N",
    span.links.length ? json(span.links) : "\\N",
  ].join("\t");
}

const utcDayOf = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 10);

/**
 * Stores spans in one transaction with COPY. When some of them are already stored (a client
 * re-sending after a timeout), the batch goes through a staging table instead and only the new
 * rows are inserted, so a re-sent batch is never counted twice.
 * When it returns, every span is committed: only then may the receiver acknowledge.
 */
export async function ingestSpans(ctx: Ctx, spans: SpanRecord[]): Promise<IngestResult> {
  authorize(ctx, "ingest:traces");
  if (spans.length === 0) return { stored: 0, duplicates: 0 };
  const client = await pool().connect();
  try {
    await ensureSpanPartitions(client, new Set(spans.map((span) => utcDayOf(span.startNs))));
    const resources = new Map<bigint, SpanRecord>();
    const lines: string[] = [];
    for (const span of spans) {
      const fp = fingerprint(span.resource);
      if (!knownResources.has(fp)) resources.set(fp, span);
      lines.push(row(span, fp));
    }
    const text = `${lines.join("\n")}\n`;
    const storeResources = async () => {
      if (resources.size === 0) return;
      // Sorted, so concurrent batches take the unique-index locks in one order and never deadlock.
      const fps = [...resources.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      await client.query(
        `INSERT INTO span_resource (fingerprint, service, attributes)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[]) ON CONFLICT (fingerprint) DO NOTHING`,
        [fps.map(String), fps.map((fp) => resources.get(fp)?.service), fps.map((fp) => JSON.stringify(resources.get(fp)?.resource))],
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
