import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { getHealth } from "@/lib/health/get-health";
import { JOBS } from "@/lib/jobs/registry";
import { runJob } from "@/lib/jobs/run-worker";
import { addDays, utcDay } from "@/lib/time";
import { roleCtx, uniqueName } from "@/test/factories";
import { usePrivateDatabase } from "@/test/private-database";
import { ensureSpanPartitions } from "./partitions";
import { listServiceRed } from "./service-red";

// Spans written straight into the span table, as rows written before the receiver's bounds (or by
// another writer) would be: the scheduled rollup must count what it can and keep going. The
// scheduled rollup works on "now", shared by every test, so this file has a database of its own.
beforeAll(async () => {
  await usePrivateDatabase("rollup_robust");
  const today = utcDay(new Date());
  await ensureSpanPartitions(
    pool(),
    Array.from({ length: 20 }, (_, i) => addDays(today, 1 - i)),
  );
}, 60_000);

afterAll(async () => {
  await closeDb();
});

const BIGINT_MAX = "9223372036854775807";
const rollupJob = JOBS.find((job) => job.name === "rollup-spans")!;
const minuteAgo = (minutes: number) => new Date((Math.floor(Date.now() / 60_000) - minutes) * 60_000);

interface RawSpan {
  start: Date;
  service: string;
  name?: string;
  durationNs?: string;
  traceState?: string | null;
  traceId?: Buffer;
  parent?: Buffer | null;
  failed?: boolean;
}

/** Inserts spans directly with SQL, bypassing the receiver and its checks; returns their span ids. */
async function insertSpans(spans: RawSpan[]): Promise<Buffer[]> {
  const ids: Buffer[] = [];
  for (const span of spans) {
    const spanId = randomBytes(8);
    ids.push(spanId);
    await pool().query(
      `INSERT INTO span (start_time, trace_id, span_id, parent_span_id, service, name, kind, duration_ns, status_code, resource_fp, trace_state, environment)
       VALUES ($1, $2, $3, $4, $5, $6, 2, $7::bigint, $8, 0, $9, 'prod')`,
      [
        span.start,
        span.traceId ?? randomBytes(16),
        spanId,
        span.parent ?? null,
        span.service,
        span.name ?? "GET /",
        span.durationNs ?? "1000000",
        span.failed ? 2 : 0,
        span.traceState ?? null,
      ],
    );
  }
  return ids;
}

/** Runs the rollup job as the worker does (job_state and log included); returns the log lines. */
async function runRollup(): Promise<string[]> {
  const lines: string[] = [];
  await runJob(rollupJob, (line) => lines.push(line));
  return lines;
}

const lastHour = () => ({
  from: new Date(Date.now() - 3_600_000).toISOString(),
  to: new Date(Date.now() + 60_000).toISOString(),
});

async function requestsOf(service: string): Promise<number | undefined> {
  return (await listServiceRed(roleCtx("viewer"), lastHour())).items.find((item) => item.service === service)?.requests;
}

async function jobState() {
  const { rows } = await pool().query(
    "SELECT consecutive_failures, last_error, last_success_at, detail FROM job_state WHERE name = 'rollup-spans'",
  );
  return rows[0];
}

describe("the scheduled span rollup", () => {
  it("counts around spans whose duration or sampling weight overflow every integer type, and saturates their sums", async () => {
    const poisoned = uniqueName("poisoned");
    const caller = uniqueName("caller");
    const fresh = uniqueName("fresh");
    const start = minuteAgo(2);
    const heaviest = "ot=th:ffffffffffffff"; // each stands for 2^56 spans
    const traceId = randomBytes(16);
    const [root] = await insertSpans([{ start, service: caller, traceId }]);
    await insertSpans([
      { start, service: poisoned, durationNs: "9200000000000000000" },
      { start, service: poisoned, durationNs: "5000000000000000000" },
      { start, service: poisoned, durationNs: "5000000000000000000" },
      // 130 × 2^56 is past 2^63: even bigint counts overflow here.
      ...Array.from({ length: 130 }, () => ({ start, service: poisoned, traceState: heaviest, failed: true })),
      ...Array.from({ length: 130 }, () => ({ start, service: poisoned, traceState: heaviest, traceId, parent: root })),
    ]);
    await insertSpans([{ start: minuteAgo(1), service: fresh }]);

    for (let run = 0; run < 2; run++) {
      const log = await runRollup();
      expect(log.filter((line) => line.includes("failed"))).toEqual([]);
    }
    expect(await requestsOf(fresh)).toBe(1);
    expect(await requestsOf(poisoned)).toBe(Number(BIGINT_MAX));
    const minute = await pool().query(`SELECT requests::text, errors::text FROM span_minute WHERE service = $1`, [
      poisoned,
    ]);
    expect(minute.rows).toEqual([{ requests: BIGINT_MAX, errors: BIGINT_MAX }]);
    const edge = await pool().query(`SELECT calls::text FROM service_edge_minute WHERE caller = $1`, [caller]);
    expect(edge.rows).toEqual([{ calls: BIGINT_MAX }]);
    const usage = await pool().query(`SELECT duration_ns::text AS ns FROM feature_usage_minute WHERE service = $1`, [
      poisoned,
    ]);
    expect(usage.rows).toEqual([{ ns: BIGINT_MAX }]);
    const hour = await pool().query(`SELECT requests::text FROM span_hour WHERE service = $1`, [poisoned]);
    expect(hour.rows).toEqual([{ requests: BIGINT_MAX }]);
    expect(await jobState()).toMatchObject({ consecutive_failures: 0, last_error: null });
    expect(await getHealth()).toEqual({ status: "ok", database: "external" });
  });

  it("skips a minute it can not build, says which and why, and keeps advancing", async () => {
    const broken = uniqueName("broken");
    const after = uniqueName("after");
    // An operation name too large for the rollup's index: no arithmetic makes that minute buildable.
    const hugeName = randomBytes(4000).toString("base64");
    const badMinute = minuteAgo(4);
    const [bad] = await insertSpans([{ start: badMinute, service: broken, name: hugeName }]);
    await insertSpans([{ start: minuteAgo(3), service: after }]);
    const before = (await pool().query("SELECT rolled_until FROM span_rollup_state")).rows[0]?.rolled_until;

    const log = await runRollup();
    expect(log.join("\n")).toMatch(
      /rollup-spans failed .*\(1 in a row\): could not build 1 minute\(s\) and moved past them; first .*index row/,
    );
    expect(await requestsOf(after)).toBe(1);
    const state = await jobState();
    expect(state).toMatchObject({
      consecutive_failures: 1,
      last_error: expect.stringMatching(/could not build 1 minute/),
    });
    expect(state.detail.skipped).toEqual([
      { minute: badMinute.toISOString(), error: expect.stringMatching(/index row/) },
    ]);
    const { rows } = await pool().query("SELECT rolled_until FROM span_rollup_state");
    expect(rows[0].rolled_until.getTime()).toBeGreaterThanOrEqual(before?.getTime() ?? 0);
    expect(rows[0].rolled_until.getTime()).toBeGreaterThan(Date.now() - 60_000);

    // Failing again, it is reported by /api/health until the minute is buildable or left behind.
    await runRollup();
    expect(await getHealth()).toMatchObject({
      status: "degraded",
      reason: expect.stringMatching(/^rollup-spans has failed its last 2 runs: services, RED/),
    });
    await pool().query("DELETE FROM span WHERE span_id = $1", [bad]);
    expect(await runRollup()).toEqual([expect.stringMatching(/^rollup-spans done in/)]);
    expect(await getHealth()).toEqual({ status: "ok", database: "external" });
  });

  it("rebuilds the minutes the receiver noted as late, within the retention, and deletes their notes", async () => {
    const late = uniqueName("late");
    const threeHoursAgo = minuteAgo(180);
    await insertSpans([{ start: new Date(threeHoursAgo.getTime() + 5_000), service: late }]);
    await pool().query("INSERT INTO span_late_minute (minute) VALUES ($1), ($2)", [
      threeHoursAgo,
      new Date(Date.now() - 40 * 86_400_000),
    ]);

    await runRollup();
    const minute = await pool().query("SELECT requests::int FROM span_minute WHERE service = $1 AND minute = $2", [
      late,
      threeHoursAgo,
    ]);
    expect(minute.rows).toEqual([{ requests: 1 }]);
    const hour = await pool().query("SELECT requests::int FROM span_hour WHERE service = $1", [late]);
    expect(hour.rows).toEqual([{ requests: 1 }]);
    // The old note is past the 15-day retention: dropped, not rebuilt.
    expect((await pool().query("SELECT minute FROM span_late_minute")).rows).toEqual([]);
  });
});
