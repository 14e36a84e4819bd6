import type pg from "pg";
import { pool } from "../db";
import type { SpanRow } from "./block/span-row";
import { blockSpansOfTraces } from "./span-source";

// One trace's spans from blocks, shaped as get-trace.ts's SQL shapes a row, and merged with the
// rows in its order. Rows are read before blocks, each in its own statement: a compaction that
// commits in between moves spans from rows into a block, so the blocks read after can only show
// a span again (dropped here by its key), never hide one.

interface Resource {
  attributes: unknown;
  scope_name: string | null;
  scope_version: string | null;
}

/** span_resource rows never change under their fingerprint: kept once read (a bounded few). */
const resources = new Map<string, Resource | null>();
const MAX_CACHED = 10_000;

async function resourcesOf(client: pg.Pool | pg.PoolClient, fingerprints: string[]): Promise<void> {
  const missing = [...new Set(fingerprints)].filter((fp) => !resources.has(fp));
  if (missing.length === 0) return;
  const { rows } = await client.query<Resource & { fingerprint: string }>(
    "SELECT fingerprint::text, attributes, scope_name, scope_version FROM span_resource WHERE fingerprint = ANY($1::bigint[])",
    [missing],
  );
  if (resources.size + missing.length > MAX_CACHED) resources.clear();
  for (const fp of missing) resources.set(fp, null);
  for (const row of rows) resources.set(row.fingerprint, row);
}

function rowOf(span: SpanRow): Record<string, unknown> {
  const resource = resources.get(String(span.resourceFp)) ?? null;
  return {
    span_id: span.spanId.toString("hex"),
    parent_span_id: span.parentSpanId?.toString("hex") ?? null,
    trace_state: span.traceState,
    flags: span.flags,
    service: span.service,
    name: span.name,
    kind: span.kind,
    start_ns: (span.startUs * 1000n + BigInt(span.startExtraNs ?? 0)).toString(),
    start_extra_ns: span.startExtraNs,
    duration_ns: span.durationNs.toString(),
    status_code: span.statusCode,
    status_message: span.statusMessage,
    attributes: JSON.parse(span.attributes),
    http_route: span.httpRoute,
    http_status_code: span.httpStatusCode,
    db_system: span.dbSystem,
    peer_service: span.peerService,
    feature: span.feature,
    events: span.events === null ? null : JSON.parse(span.events),
    links: span.links === null ? null : JSON.parse(span.links),
    resource: resource?.attributes ?? null,
    scope_name: span.scopeName ?? resource?.scope_name ?? null,
    scope_version: span.scopeVersion ?? resource?.scope_version ?? null,
  };
}

/** get-trace.ts's order: start (µs), the extra nanoseconds (none first), then the span id's bytes. */
function compareRows(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const [sa, sb] = [BigInt(a.start_ns as string), BigInt(b.start_ns as string)];
  const [ua, ub] = [sa / 1000n, sb / 1000n];
  if (ua !== ub) return ua < ub ? -1 : 1;
  const [ea, eb] = [a.start_extra_ns as number | null, b.start_extra_ns as number | null];
  if (ea !== eb) return ea === null ? -1 : eb === null ? 1 : ea - eb;
  return Buffer.compare(Buffer.from(a.span_id as string, "hex"), Buffer.from(b.span_id as string, "hex"));
}

const keyOf = (row: Record<string, unknown>) => `${row.span_id}:${BigInt(row.start_ns as string) / 1000n}`;

/** The rows of a trace, read already, merged with its block spans (read now), in trace order. */
export async function withBlockSpans(
  traceId: string,
  rows: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const client = await pool().connect();
  let spans: SpanRow[];
  try {
    spans = await blockSpansOfTraces(client, [Buffer.from(traceId, "hex")]);
    if (spans.length === 0) return rows;
    await resourcesOf(
      client,
      spans.map((span) => String(span.resourceFp)),
    );
  } finally {
    client.release();
  }
  const seen = new Set(rows.map(keyOf));
  const merged = [...rows];
  for (const row of spans.map(rowOf)) if (!seen.has(keyOf(row))) merged.push(row);
  return merged.sort(compareRows);
}
