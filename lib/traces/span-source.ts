import type pg from "pg";
import { pool } from "../db";
import { openBlock, type OpenBlock } from "./block/open-block";
import type { SpanRow } from "./block/span-row";
import { bloomHashes } from "./block/trace-bloom";
import { microsText } from "./compact-batch";
import { blockIdsOfTraces } from "./block-filters";

// Every read of spans goes over rows and blocks together: the blocks' spans a read needs are
// decoded in Node and put beside the rows as `span`-typed rows, so each reader keeps its one SQL
// and answers exactly as it did before compaction (lib/traces/compaction-equivalence.test.ts).

/**
 * Runs `read` on one connection in one REPEATABLE READ transaction: the blocks it opens and the
 * rows it reads are one snapshot, so a compaction committing between the two neither hides a
 * span nor shows it twice.
 */
export async function withSpanSnapshot<T>(read: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    const result = await read(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const PAYLOAD = "trace_ids, ids, times, core, attrs, extra";

const opened = (rows: Record<string, unknown>[]): OpenBlock[] =>
  rows.map((row) =>
    openBlock({
      traceIds: row.trace_ids as Buffer,
      ids: row.ids as Buffer,
      times: row.times as Buffer,
      core: row.core as Buffer,
      attrs: row.attrs as Buffer,
      extra: (row.extra as Buffer | null) ?? null,
    }),
  );

/** The blocks a condition on `span_block b` selects, opened (payloads decompress on first use). */
export async function openBlocksWhere(client: pg.PoolClient, where: string, params: unknown[]): Promise<OpenBlock[]> {
  const { rows } = await client.query(`SELECT ${PAYLOAD} FROM span_block b WHERE ${where}`, params);
  return opened(rows);
}

/** Whether any block may hold spans that start in [from, to) (a cheap probe before decoding). */
export async function blocksOverlap(client: pg.PoolClient, from: Date, to: Date): Promise<boolean> {
  const { rows } = await client.query("SELECT 1 FROM span_block WHERE min_start < $2 AND max_start >= $1 LIMIT 1", [
    from,
    to,
  ]);
  return rows.length > 0;
}

/**
 * The blocks that may hold spans of these traces, by their trace-id filters (block-filters.ts).
 * Without a window any block; with one, only the blocks that overlap it (a search's traces, whose
 * spans lie around the window searched).
 */
export async function blocksOfTraces(
  client: pg.PoolClient,
  traceIds: Buffer[],
  window?: { from: Date; to: Date },
): Promise<OpenBlock[]> {
  if (traceIds.length === 0) return [];
  const ids = await blockIdsOfTraces(client, traceIds.map(bloomHashes), window);
  if (ids.length === 0) return [];
  if (window)
    return openBlocksWhere(client, "b.min_start < $2 AND b.max_start >= $1 AND b.id = ANY($3::bigint[])", [
      window.from,
      window.to,
      ids,
    ]);
  const text = `SELECT ${PAYLOAD} FROM span_block b WHERE b.id = ANY($1::bigint[])`;
  return opened((await client.query({ name: "span-blocks-by-id", text, values: [ids] })).rows);
}

/** The block spans of these traces (as blocksOfTraces finds their blocks). */
export async function blockSpansOfTraces(
  client: pg.PoolClient,
  traceIds: Buffer[],
  window?: { from: Date; to: Date },
): Promise<SpanRow[]> {
  const blocks = await blocksOfTraces(client, traceIds, window);
  const spans: SpanRow[] = [];
  for (const block of blocks)
    for (const id of traceIds) for (const i of block.rowsOfTrace(id)) spans.push(block.row(i));
  return spans;
}

const hex = (bytes: Buffer | null) => (bytes === null ? "null" : `"\\\\x${bytes.toString("hex")}"`);
const str = (value: string | null) => (value === null ? "null" : JSON.stringify(value));
const num = (value: number | bigint | null) => (value === null ? "null" : String(value));

/** One span as a JSON object json_populate_record(NULL::span, …) reads exactly (JSONB texts inline). */
function spanJson(s: SpanRow): string {
  return `{"start_time":"${microsText(s.startUs)}","start_extra_ns":${num(s.startExtraNs)},"trace_id":${hex(s.traceId)},"span_id":${hex(s.spanId)},"parent_span_id":${hex(s.parentSpanId)},"service":${str(s.service)},"name":${str(s.name)},"kind":${s.kind},"duration_ns":${s.durationNs},"status_code":${s.statusCode},"status_message":${str(s.statusMessage)},"http_route":${str(s.httpRoute)},"http_status_code":${num(s.httpStatusCode)},"db_system":${str(s.dbSystem)},"peer_service":${str(s.peerService)},"environment":${str(s.environment)},"feature":${str(s.feature)},"resource_fp":${s.resourceFp},"scope_name":${str(s.scopeName)},"scope_version":${str(s.scopeVersion)},"trace_state":${str(s.traceState)},"flags":${s.flags},"attributes":${s.attributes},"events":${s.events ?? "null"},"links":${s.links ?? "null"}}`;
}

/** Spans put in the temp table at once, bounding the JSON text one statement carries. */
const CHUNK = 4_096;

/**
 * The FROM item a reader uses in place of `span`: the rows, and these block spans loaded into the
 * session's temporary table span_unpacked (emptied at commit). Just `span` when there are none.
 */
export async function spanSource(client: Pick<pg.ClientBase, "query">, spans: SpanRow[]): Promise<string> {
  if (spans.length === 0) return "span";
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS span_unpacked (LIKE span INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
     CREATE INDEX IF NOT EXISTS span_unpacked_ids ON span_unpacked (trace_id, span_id);
     DELETE FROM span_unpacked`,
  );
  for (let at = 0; at < spans.length; at += CHUNK) {
    const json = `[${spans
      .slice(at, at + CHUNK)
      .map(spanJson)
      .join(",")}]`;
    await client.query("INSERT INTO span_unpacked SELECT * FROM json_populate_recordset(NULL::span, $1::json)", [json]);
  }
  // Statistics of the lookup columns only (the JSONB ones take minutes on a day's spans): the
  // rollups' parent lookups then use the index instead of scanning the table per span.
  if (spans.length > CHUNK) await client.query("ANALYZE span_unpacked (trace_id, span_id, start_time, service)");
  return "(SELECT * FROM span UNION ALL SELECT * FROM span_unpacked)";
}

/** Every block span of one service that starts in [from, to]. */
export async function serviceBlockSpans(
  client: pg.PoolClient,
  service: string,
  from: Date,
  to: Date,
): Promise<SpanRow[]> {
  const blocks = await openBlocksWhere(client, "b.service = $1 AND b.min_start <= $3 AND b.max_start >= $2", [
    service,
    from,
    to,
  ]);
  const [fromUs, toUs] = [BigInt(from.getTime()) * 1000n, BigInt(to.getTime()) * 1000n];
  const spans: SpanRow[] = [];
  for (const block of blocks)
    for (let i = 0; i < block.count; i += 1) {
      const start = block.get("startUs", i);
      if (start >= fromUs && start <= toUs) spans.push(block.row(i));
    }
  return spans;
}
