import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { decodeBlock } from "@/lib/traces/block/open-block";
import { compactSpans } from "@/lib/traces/compact-spans";
import { loadSynthetic, spawnCompaction } from "@/test/compaction-load";
import { privateDatabaseForFile } from "@/test/private-database";

// The compaction job killed with SIGKILL in the middle of a batch (its transaction open, rows
// deleted but not committed), then run again in-process: every span loaded is afterwards in rows
// or a block exactly once, and every block decodes. A database of the file's own.

const url = privateDatabaseForFile("compaction_kill");
const HOUR_MS = 3_600_000;

/** Each span as trace:span:start µs, from the rows and from every block (decoded whole). */
async function spanKeys(): Promise<{ rows: string[]; blocks: string[]; blockCount: number }> {
  const rows = await pool().query<{ key: string }>(
    `SELECT encode(trace_id, 'hex') || ':' || encode(span_id, 'hex') || ':' ||
            (extract(epoch FROM start_time) * 1000000)::bigint AS key FROM span`,
  );
  const blocks = await pool().query(
    "SELECT span_count, trace_ids, ids, times, core, attrs, extra FROM span_block ORDER BY min_start, id",
  );
  const keys: string[] = [];
  for (const block of blocks.rows) {
    const spans = decodeBlock({ ...block, traceIds: block.trace_ids });
    expect(spans).toHaveLength(block.span_count);
    for (const s of spans) keys.push(`${s.traceId.toString("hex")}:${s.spanId.toString("hex")}:${s.startUs}`);
  }
  return { rows: rows.rows.map((row) => row.key), blocks: keys, blockCount: blocks.rows.length };
}

/** A batch is in flight: a transaction of another session holds deletes of span or the block insert. */
async function midBatch(): Promise<boolean> {
  const { rows } = await pool().query<{ busy: boolean; blocks: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND backend_xid IS NOT NULL AND state IN ('active', 'idle in transaction')) AS busy,
            EXISTS (SELECT 1 FROM span_block) AS blocks`,
  );
  return rows[0].busy && rows[0].blocks;
}

/** The killed session is gone: its transaction rolled back, its advisory lock released. */
async function settled(): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    const { rows } = await pool().query<{ left: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory')
           OR EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL
                        AND pid <> pg_backend_pid()) AS left`,
    );
    if (!rows[0].left) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the killed compaction's session did not end");
}

const sorted = (keys: string[]) => [...keys].sort();

describe("compaction killed mid-batch", () => {
  it("loses and duplicates no span once it is run again", async () => {
    const start = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 30 * HOUR_MS;
    const stored = await loadSynthetic(systemCtx("test"), 160, start, 24);
    const loaded = await spanKeys();
    expect(loaded.rows).toHaveLength(stored);
    expect(new Set(loaded.rows).size).toBe(stored);
    const olderThan = new Date(start + 25 * HOUR_MS);

    const child = spawnCompaction(olderThan, url());
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.once("exit", (code, signal) => resolve(signal ?? code)),
    );
    let caught = false;
    for (let tries = 0; tries < 6_000 && child.exitCode === null; tries++) {
      if (await midBatch()) {
        child.kill("SIGKILL");
        caught = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await exited, output).toBe("SIGKILL");
    expect(caught).toBe(true);

    // Killed: every span still exactly once, some in blocks and some still rows.
    const killed = await spanKeys();
    expect(killed.blockCount).toBeGreaterThan(0);
    expect(killed.rows.length).toBeGreaterThan(0);
    expect(sorted([...killed.rows, ...killed.blocks])).toEqual(sorted(loaded.rows));

    await settled();
    const resumed = await compactSpans(systemCtx("test"), { olderThan });
    expect(resumed).toMatchObject({ busy: false, spans: killed.rows.length });
    const finished = await spanKeys();
    expect(finished.rows).toEqual([]);
    expect(finished.blocks).toHaveLength(stored);
    expect(sorted(finished.blocks)).toEqual(sorted(loaded.rows));
  }, 600_000);
});
