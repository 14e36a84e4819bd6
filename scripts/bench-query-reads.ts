import type { Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { getTrace } from "@/lib/traces/get-trace";
import { searchTraces } from "@/lib/traces/search-traces";
import { getServiceDetail } from "@/lib/traces/service-detail";
import { listServiceRed } from "@/lib/traces/service-red";
import { timedP95 } from "./bench-timing";

// The four reads the SRE views make, p95 of RUNS runs after WARMUPS untimed ones. V8 compiles the
// block decoders only after a few calls: a fresh process's first lookups over blocks take 10-20 ms
// where a running server's take 3-5, so one warm-up would time the compiler, not the storage.

export const RUNS = 20;
const WARMUPS = 5;

export interface ReadTimes {
  services: number;
  red: number;
  trace: number;
  search: number;
}

/**
 * RUNS + WARMUPS distinct trace ids, one per trace lookup (warm-ups included), so no lookup hits a
 * trace an earlier one cached. SYSTEM sampling takes whole pages (about 3-5 traces each): the sample is
 * sized for about 2,000 rows whatever the total, and REPEATABLE so every run draws the same ids.
 */
export async function sampleTraceIds(total: number): Promise<string[]> {
  const percent = Math.min(100, (2_000 * 100) / Math.max(1, total));
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id FROM (SELECT DISTINCT encode(trace_id, 'hex') AS id
       FROM span TABLESAMPLE SYSTEM (${percent.toFixed(6)}) REPEATABLE (21)) sampled
     ORDER BY md5(id) LIMIT ${RUNS + WARMUPS}`,
  );
  const ids = rows.map((row) => row.id);
  if (new Set(ids).size !== RUNS + WARMUPS)
    throw new Error(`sampled ${new Set(ids).size} distinct trace ids, not ${RUNS + WARMUPS}`);
  return ids;
}

export async function timeReads(
  ctx: Ctx,
  window: { start: number; now: number },
  traceIds: readonly string[],
): Promise<ReadTimes> {
  const { start, now } = window;
  const timed = (label: string, work: () => Promise<unknown>) => timedP95(label, work, RUNS, 34, WARMUPS);
  const iso = (ms: number) => new Date(ms).toISOString();
  let pick = 0;
  const services = await timed("services list, 24 h", () =>
    listServiceRed(ctx, { from: iso(now - 86_400_000), to: iso(now) }),
  );
  const red = await timed("one service's RED, 7 days", () =>
    getServiceDetail(ctx, "payments-api", { from: iso(start), to: iso(now), points: 168 }),
  );
  const trace = await timed("trace by id", async () => {
    const found = await getTrace(ctx, traceIds[pick++ % traceIds.length]);
    if (found.spans.length === 0) throw new Error("a sampled trace has no spans");
  });
  const search = await timed("trace search (service, error, 1 h)", () =>
    searchTraces(ctx, {
      service: "ledger",
      status: "error",
      from: iso(now - 3_600_000 - 86_400_000),
      to: iso(now - 86_400_000),
    }),
  );
  return { services, red, trace, search };
}

export function readLine(times: ReadTimes): string {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return `services ${ms(times.services)}, red ${ms(times.red)}, trace ${ms(times.trace)}, search ${ms(times.search)}`;
}
