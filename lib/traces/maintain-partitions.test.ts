import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { roleCtx } from "@/test/factories";
import { usePrivateDatabase } from "@/test/private-database";
import { maintainSpanPartitions } from "./maintain-partitions";
import { ensureSpanPartitions } from "./partitions";

// Dropping partitions would remove other tests' spans, so this file has a database of its own.
beforeAll(async () => {
  await usePrivateDatabase("partitions");
}, 60_000);

afterAll(async () => {
  await closeDb();
});

async function partitions(): Promise<string[]> {
  const { rows } = await pool().query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'span' ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

describe("span partitions", () => {
  it("are created ahead and dropped whole once past the retention (15 days)", async () => {
    await ensureSpanPartitions(pool(), ["2026-03-01", "2026-03-09", "2026-03-10", "2026-03-14"]);
    const result = await maintainSpanPartitions(systemCtx("test"), "2026-03-25");
    expect(result.created).toBe(4);
    // 15 days before 2026-03-25 is 2026-03-10: that day is kept, the days before it go.
    expect(result.dropped).toEqual(["span_p20260301", "span_p20260309"]);
    expect(await partitions()).toEqual([
      "span_p20260310",
      "span_p20260314",
      "span_p20260325",
      "span_p20260326",
      "span_p20260327",
      "span_p20260328",
    ]);
    const again = await maintainSpanPartitions(systemCtx("test"), "2026-03-25");
    expect(again).toEqual({ created: 0, dropped: [] });
  });

  it("are maintained by the system, not by people without ingest rights", async () => {
    await expect(maintainSpanPartitions(roleCtx("viewer"))).rejects.toMatchObject({ code: "forbidden" });
  });
});
