// Storing a batch's COPY rows: resources first, then the rows in one transaction with the late
// minutes; a value PostgreSQL refuses isolated to the rows that hold it, which are rejected.

import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { jsonbSafe, pgText } from "../copy-text";
import { pool, sqlTransaction } from "../db";
import { isDataError } from "../errors";
import { SPAN_COLUMNS, type SpanBatch, type SpanOrigin } from "./span-batch";

const COPY_SPANS_SQL = (table: string) => `COPY ${table} (${SPAN_COLUMNS.join(", ")}) FROM STDIN`;

const knownResources = new Set<bigint>();
const UNIQUE_VIOLATION = "23505";

/** What storing a batch came to: rows stored new, and the rows PostgreSQL refused, with why. */
export interface Stored {
  stored: number;
  rejected: number;
  reasons: string[];
}

/**
 * Stores a batch's rows (and their resources). A data error rejects only the rows that hold the
 * value; any other failure (the database unavailable) is thrown, and may have stored a part.
 */
export async function storeSpanRows(batch: SpanBatch): Promise<Stored> {
  const outcome = new Outcome();
  const refusedOrigins = await storeResources(batch.origins);
  const late = [...batch.lateMinutes].map((minute) => new Date(minute * 60_000).toISOString());
  if (refusedOrigins.size === 0) {
    try {
      // The common case: every row in one statement.
      outcome.stored += await copyRows(batch.rows, batch.count, late);
    } catch (err) {
      if (!isRefusedValue(err)) throw err;
      await storeIsolating(rowsOf(batch.rows), late, outcome);
    }
  } else {
    const rows = rowsOf(batch.rows).filter((row) => {
      const refused = refusedOrigins.get(resourceFpOf(row));
      if (refused !== undefined) outcome.refuse(row, refused);
      return refused === undefined;
    });
    if (rows.length > 0) await storeIsolating(rows, late, outcome);
  }
  return outcome;
}

const MAX_REASONS = 5;

/** Counts as rows are stored or refused, with the first few reasons. */
class Outcome implements Stored {
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

// A value PostgreSQL refuses (lib/errors.ts isDataError), but not a unique violation: that is a
// re-sent span, handled apart. Anything else (connection, shutdown, lock timeout) may pass: a retry is right.
const isRefusedValue = (err: unknown) => isDataError(err) && (err as { code?: unknown }).code !== UNIQUE_VIOLATION;

/** COPY text as its rows (a newline ends each; newlines in values are escaped). */
function rowsOf(text: string | Buffer): string[] {
  const rows = text.toString().split("\n");
  rows.pop();
  return rows.map((row) => `${row}\n`);
}

const RESOURCE_FP_COLUMN = SPAN_COLUMNS.indexOf("resource_fp");
const resourceFpOf = (row: string) => BigInt(row.split("\t", RESOURCE_FP_COLUMN + 1)[RESOURCE_FP_COLUMN]);

/**
 * Rows stored by halves until the rows PostgreSQL refuses are found alone, and rejected: a
 * batch with one bad row takes about 2·log2(rows) statements, once.
 */
async function storeIsolating(rows: string[], late: string[], outcome: Outcome): Promise<void> {
  try {
    outcome.stored += await copyRows(rows.join(""), rows.length, late);
  } catch (err) {
    if (!isRefusedValue(err)) throw err;
    if (rows.length === 1) return outcome.refuse(rows[0], (err as Error).message);
    const half = rows.length >> 1;
    await storeIsolating(rows.slice(0, half), late, outcome);
    await storeIsolating(rows.slice(half), late, outcome);
  }
}

const copyInto = (client: pg.PoolClient, table: string, text: string | Buffer) =>
  pipeline(Readable.from([text]), client.query(copyFrom(COPY_SPANS_SQL(table))));

// Noted with the spans, in their transaction, and appended: an upsert of one row per minute made
// concurrent late batches wait on each other's row lock (half the ingest rate while catching up).
const noteLateMinutes = (client: pg.PoolClient, late: string[]) =>
  client.query(`INSERT INTO span_late_minute (minute) SELECT unnest($1::timestamptz[])`, [late]);

/** `work` on a pooled connection of its own, outside any transaction. */
async function onConnection<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

/**
 * Stores COPY rows in one transaction, with the late minutes; returns how many were new. When
 * some are already stored (a client re-sending after a timeout), they go through a staging
 * table and only the new rows are inserted, so a re-sent batch is never counted twice.
 */
async function copyRows(text: string | Buffer, count: number, late: string[]): Promise<number> {
  try {
    // The common case, a batch never seen before and not late: one COPY straight into the table,
    // its own transaction (one round trip; committed when it returns).
    if (late.length === 0) await onConnection((client) => copyInto(client, "span", text));
    else
      await sqlTransaction(async (client) => {
        await noteLateMinutes(client, late);
        await copyInto(client, "span", text);
      });
    return count;
  } catch (err) {
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
  }
  // A re-sent batch (or a span sent twice): stage it and keep only the rows not stored yet.
  return sqlTransaction(async (client) => {
    await client.query(
      `CREATE TEMP TABLE IF NOT EXISTS span_stage (LIKE span INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
    );
    if (late.length > 0) await noteLateMinutes(client, late);
    await copyInto(client, "span_stage", text);
    const inserted = await client.query(`INSERT INTO span SELECT * FROM span_stage ON CONFLICT DO NOTHING`);
    return inserted.rowCount ?? 0;
  });
}

/**
 * The resources (and scopes) of a batch, committed on their own first: a stored span always
 * finds its resource, and a resource stored for spans that then fail is harmless (the retry
 * finds it there). Returns the resources PostgreSQL refused, with why; their spans are rejected.
 */
async function storeResources(origins: Map<bigint, SpanOrigin>): Promise<Map<bigint, string>> {
  const refused = new Map<bigint, string>();
  const resources = [...origins].filter(([fp]) => !knownResources.has(fp));
  if (resources.length === 0) return refused;
  // Sorted, so concurrent batches take the unique-index locks in one order and never deadlock.
  resources.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  try {
    await insertResources(resources);
  } catch (err) {
    if (!isRefusedValue(err)) throw err;
    for (const resource of resources) {
      await insertResources([resource]).catch((one: unknown) => {
        if (!isRefusedValue(one)) throw one;
        refused.set(resource[0], (one as Error).message);
      });
    }
  }
  for (const [fp] of resources) if (!refused.has(fp)) knownResources.add(fp);
  return refused;
}

function insertResources(resources: [bigint, SpanOrigin][]) {
  // Text as the span rows store it: NUL and lone surrogates become U+FFFD (COPY's field() does).
  return pool().query(
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
