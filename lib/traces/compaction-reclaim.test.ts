import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { compactSpans, TRUNCATED_BYTES } from "@/lib/traces/compact-spans";
import { loadSynthetic } from "@/test/compaction-load";
import { asOwner, privateDatabaseForFile } from "@/test/private-database";

// A day whose rows have all moved into blocks gives its row partition's space back, indexes
// included, once the move has settled; also when vacuum already emptied the heap (a 0-byte heap
// with hundreds of kilobytes of indexes is still space to give back). A database of the file's own.

const url = privateDatabaseForFile("compaction_reclaim");
const DAY_MS = 86_400_000;

async function partitionBytes(day: string): Promise<{ heap: number; total: number }> {
  const { rows } = await pool().query<{ heap: string; total: string }>(
    "SELECT pg_relation_size($1::regclass)::text AS heap, pg_total_relation_size($1::regclass)::text AS total",
    [`span_p${day.replaceAll("-", "")}`],
  );
  return { heap: Number(rows[0].heap), total: Number(rows[0].total) };
}

describe("an emptied day's row partition", () => {
  it("is truncated once its blocks have settled, even after vacuum has emptied its heap", async () => {
    const dayStart = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    const stored = await loadSynthetic(systemCtx("test"), 24, dayStart + 3_600_000, 20);
    const olderThan = new Date(dayStart + DAY_MS);

    // Moved, but too recently: a read that began before the move may still be reading the rows.
    const moved = await compactSpans(systemCtx("test"), { olderThan });
    expect(moved).toMatchObject({ spans: stored, reclaimedDays: [] });
    await asOwner(url(), `VACUUM span_p${day.replaceAll("-", "")}`);
    const vacuumed = await partitionBytes(day);
    expect(vacuumed.heap).toBe(0);
    expect(vacuumed.total).toBeGreaterThan(TRUNCATED_BYTES);

    const settled = await compactSpans(systemCtx("test"), { olderThan, settleMs: 0 });
    expect(settled).toMatchObject({ spans: 0, reclaimedDays: [day] });
    expect((await partitionBytes(day)).total).toBeLessThan(vacuumed.total / 4);
    const { rows } = await pool().query<{ n: string }>(
      "SELECT coalesce(sum(span_count), 0)::text AS n FROM span_block WHERE min_start >= $1 AND min_start < $2",
      [new Date(dayStart), olderThan],
    );
    expect(Number(rows[0].n)).toBe(stored);
    // Nothing left to give back: the next run leaves the day alone.
    expect((await compactSpans(systemCtx("test"), { olderThan, settleMs: 0 })).reclaimedDays).toEqual([]);
  }, 120_000);
});
