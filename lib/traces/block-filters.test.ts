import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { blockIdsOfTraces, newFilterCache, probeFilters, probeFiltersInSql, refreshFilters } from "./block-filters";
import { bloomHashes, buildBloom } from "./block/trace-bloom";
import { ensureSpanPartitions } from "./partitions";

// The trace-id filters kept in memory must find exactly the blocks the SQL probe finds, pick up new
// blocks, forget dropped ones, and give way to SQL when they outgrow their memory.

const DAY = "2020-03-04";
const RESYNC_MS = 60_000;
let client: pg.PoolClient;

beforeAll(async () => {
  client = await pool().connect();
  await ensureSpanPartitions(client, [DAY]);
});
afterAll(() => client.release());

/** A block row holding these traces (the payload columns are not read here). */
async function insertBlock(service: string, traceIds: Buffer[], id?: bigint): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO span_block (min_start, id, max_start, max_end, service, format, span_count, trace_count, error_count,
       server_error_count, root_count, min_duration_ns, max_duration_ns, names, resource_fps, trace_bloom, trace_ids,
       ids, times, core, attrs)
     VALUES ($1, coalesce($2::bigint, nextval('span_block_id_seq')), $1, $1, $3, 1, 1, $4, 0, 0, 0, 1, 1, '{}', '{}',
       $5, '', '', '', '', '')
     RETURNING id::text`,
    [`${DAY}T10:00:00Z`, id === undefined ? null : id.toString(), service, traceIds.length, buildBloom(traceIds)],
  );
  return rows[0].id;
}

const hashesOf = (...ids: Buffer[]) => ids.map(bloomHashes);

describe("block trace filters kept in memory", () => {
  it("find the blocks the SQL probe finds, new blocks at once, and forget dropped ones on the next listing", async () => {
    const service = uniqueName("filters");
    const [x, y, absent] = [randomBytes(16), randomBytes(16), randomBytes(16)];
    const a = await insertBlock(service, [x, randomBytes(16)]);
    const state = newFilterCache();
    const t0 = 1_000_000;
    await refreshFilters(client, state, t0);
    expect(probeFilters(state, hashesOf(x))).toContain(a);
    expect(probeFilters(state, hashesOf(x))?.sort()).toEqual((await probeFiltersInSql(client, hashesOf(x))).sort());

    const b = await insertBlock(service, [y]);
    expect(probeFilters(state, hashesOf(y))).not.toContain(b);
    await refreshFilters(client, state, t0 + 1_000);
    expect(probeFilters(state, hashesOf(y))).toContain(b);
    expect(probeFilters(state, hashesOf(x, y))).toEqual(expect.arrayContaining([a, b]));
    expect(probeFilters(state, hashesOf(absent))).not.toEqual(expect.arrayContaining([a]));

    // A dropped block stays a (harmless) candidate until the next full listing forgets it.
    const kept = state.filters.size;
    await client.query("DELETE FROM span_block WHERE id = $1", [a]);
    await refreshFilters(client, state, t0 + 2_000);
    expect(probeFilters(state, hashesOf(x))).toContain(a);
    await refreshFilters(client, state, t0 + RESYNC_MS);
    expect(probeFilters(state, hashesOf(x))).not.toContain(a);
    expect(state.filters.size).toBe(kept - 1);
  });

  it("pick up on the next full listing a block whose id is below the highest already read", async () => {
    const service = uniqueName("filters-late");
    const z = randomBytes(16);
    const state = newFilterCache();
    await insertBlock(service, [randomBytes(16)]);
    await refreshFilters(client, state, 5_000_000);
    const late = await insertBlock(service, [z], state.highest - 1_000_000n);
    await refreshFilters(client, state, 5_001_000);
    expect(probeFilters(state, hashesOf(z))).not.toContain(late);
    await refreshFilters(client, state, 5_000_000 + RESYNC_MS);
    expect(probeFilters(state, hashesOf(z))).toContain(late);
  });

  it("give way to the SQL probe when the filters outgrow their memory", async () => {
    const service = uniqueName("filters-full");
    const w = randomBytes(16);
    const block = await insertBlock(service, [w]);
    await insertBlock(service, [randomBytes(16)]);
    const state = newFilterCache(64);
    await refreshFilters(client, state, 9_000_000);
    expect(state.overflow).toBe(true);
    expect(state.filters.size).toBeLessThanOrEqual(1);
    expect(probeFilters(state, hashesOf(w))).toBeNull();
    expect(await probeFiltersInSql(client, hashesOf(w))).toContain(block);
    // The process-wide cache answers the same as SQL.
    expect((await blockIdsOfTraces(client, hashesOf(w))).sort()).toEqual(
      (await probeFiltersInSql(client, hashesOf(w))).sort(),
    );
  });
});
