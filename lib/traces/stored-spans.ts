import type { SpanRow } from "./block/span-row";
import { blockSpansOfTraces, openBlocksWhere, spanSource, withSpanSnapshot } from "./span-source";

// Small questions about stored spans, answered over rows and blocks alike.

/** Which of these trace ids (32 hex digits; others are not found) have spans stored. */
export async function storedTraceIds(hexIds: string[]): Promise<string[]> {
  const ids = [...new Set(hexIds.filter((id) => /^[0-9a-f]{32}$/.test(id)))];
  if (ids.length === 0) return [];
  return withSpanSnapshot(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT DISTINCT encode(trace_id, 'hex') AS id FROM span
       WHERE trace_id = ANY(SELECT decode(h, 'hex') FROM unnest($1::text[]) h)`,
      [ids],
    );
    const found = new Set(rows.map((row) => row.id));
    for (const id of ids.filter((id) => !found.has(id))) {
      const spans = await blockSpansOfTraces(client, [Buffer.from(id, "hex")]);
      if (spans.length > 0) found.add(id);
    }
    return ids.filter((id) => found.has(id));
  });
}

/** The earliest start of a span of these resources (fingerprints) in [from, to]; null when none. */
export async function firstSpanStart(fingerprints: string[], from: Date, to: Date): Promise<Date | null> {
  return withSpanSnapshot(async (client) => {
    const blocks = await openBlocksWhere(
      client,
      "b.resource_fps && $1::bigint[] AND b.min_start <= $3 AND b.max_start >= $2",
      [fingerprints, from, to],
    );
    const [fromUs, toUs] = [BigInt(from.getTime()) * 1000n, BigInt(to.getTime()) * 1000n];
    const wanted = new Set(fingerprints);
    const spans: SpanRow[] = [];
    for (const block of blocks)
      for (let i = 0; i < block.count; i += 1) {
        const start = block.get("startUs", i);
        if (start >= fromUs && start <= toUs && wanted.has(String(block.get("resourceFp", i))))
          spans.push(block.row(i));
      }
    const source = await spanSource(client, spans);
    const { rows } = await client.query<{ at: Date | null }>(
      `SELECT min(start_time) AS at FROM ${source} s WHERE resource_fp = ANY ($1::bigint[]) AND start_time >= $2 AND start_time <= $3`,
      [fingerprints, from, to],
    );
    return rows[0]?.at ?? null;
  });
}
