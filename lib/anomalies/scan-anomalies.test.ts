import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { bucketOf } from "@/lib/traces/histogram";
import { roleCtx, uniqueName } from "@/test/factories";
import { HOUR_MS, topOperations } from "./read-red-series";
import { scanWindow } from "./scan-anomalies";

// Two weeks of hourly rollups written straight into span_hour, in a month no other test uses, so
// the scan sees only these services: a busy one with an error burst, a quiet one, a new one.

afterAll(closeDb);

const ctx = systemCtx("test");
const START = Date.parse("2016-02-01T00:00:00Z");
const DAYS = 15;
const burstFrom = START + (DAYS * 24 - 8) * HOUR_MS;
const burstTo = burstFrom + 3 * HOUR_MS;

interface Hour {
  t: number;
  requests: number;
  errors: number;
  ms: number;
}

async function write(service: string, hours: Hour[], operation = "GET /") {
  await pool().query(
    `INSERT INTO span_hour (hour, service, operation, environment, requests, errors, buckets, counts)
     SELECT to_timestamp(u.t / 1000.0), $1, $6, 'prod', u.requests, u.errors, ARRAY[u.bucket]::smallint[], ARRAY[u.requests]::bigint[]
       FROM unnest($2::float8[], $3::bigint[], $4::bigint[], $5::smallint[]) AS u (t, requests, errors, bucket)`,
    [
      service,
      hours.map((h) => h.t),
      hours.map((h) => h.requests),
      hours.map((h) => h.errors),
      hours.map((h) => bucketOf(h.ms * 1e6)),
      operation,
    ],
  );
}

/** A day-shaped load with a little deterministic wobble, 0.2% errors and a steady 40 ms. */
function hours(from: number, count: number, peak: number, errorsAt?: (t: number) => number): Hour[] {
  return Array.from({ length: count }, (_, i) => {
    const t = from + i * HOUR_MS;
    const hour = new Date(t).getUTCHours();
    const requests = Math.round(
      peak * (0.55 - 0.45 * Math.cos((2 * Math.PI * (hour - 3)) / 24)) * (1 + 0.03 * Math.sin(i)),
    );
    return { t, requests, errors: Math.round(requests * (errorsAt?.(t) ?? 0.002)), ms: 40 };
  });
}

const rows = async (service: string) =>
  (
    await pool().query<{ series: string; direction: string; started_at: Date; ended_at: Date | null; status: string }>(
      "SELECT series, direction, started_at, ended_at, status FROM anomaly WHERE service = $1 ORDER BY started_at",
      [service],
    )
  ).rows;

describe("the anomaly scan", () => {
  it("finds an error burst as one episode, leaves quiet and new services alone, and does not repeat itself", async () => {
    const [busy, quiet, fresh] = ["busy", "quiet", "fresh"].map(uniqueName);
    const burst = (t: number) => (t >= burstFrom && t < burstTo ? 0.2 : 0.002);
    await write(busy, hours(START, DAYS * 24, 2_000, burst));
    await write(
      quiet,
      hours(START, DAYS * 24, 3, (t) => (t >= burstFrom ? 1 : 0)),
    );
    await write(fresh, hours(START + (DAYS - 1) * 24 * HOUR_MS, 24, 2_000, burst));

    // An anomaly still open on a series that sent nothing this fortnight: no scan will score it again.
    const gone = uniqueName("gone");
    await pool().query(
      `INSERT INTO anomaly (service, series, environment, step_ms, started_at, peak_at, direction, severity, peak_score, observed, expected)
       VALUES ($1, 'errors', 'prod', 3600000, $2, $2, 'up', 'warning', 5, 0.1, 0.01)`,
      [gone, new Date(START + 10 * 24 * HOUR_MS)],
    );

    const scannedTo = START + DAYS * 24 * HOUR_MS;
    const first = await scanWindow(ctx, { scannedTo, stepMs: HOUR_MS });
    expect((await pool().query("SELECT ended_at FROM anomaly WHERE service = $1", [gone])).rows).toEqual([
      { ended_at: new Date(scannedTo) },
    ]);
    expect(first.failures).toEqual([]);
    const found = await rows(busy);
    expect(found.map((row) => [row.series, row.direction])).toEqual([["errors", "up"]]);
    expect(found[0].started_at.getTime()).toBe(burstFrom);
    // Hourly scores are judged two at a time, so the hour after the burst may still count in it.
    expect(found[0].ended_at?.getTime()).toBeGreaterThanOrEqual(burstTo);
    expect(found[0].ended_at?.getTime()).toBeLessThanOrEqual(burstTo + HOUR_MS);
    expect(found[0].status).toBe("open");
    expect(await rows(quiet)).toEqual([]);
    expect(await rows(fresh)).toEqual([]);
    expect(first.learning).toBeGreaterThanOrEqual(3);

    const again = await scanWindow(ctx, { scannedTo, stepMs: HOUR_MS });
    expect(again.inserted.filter((id) => first.inserted.includes(id))).toEqual([]);
    expect((await rows(busy)).length).toBe(1);
  });

  it("gives a service's busiest operations series of their own, one incident still one anomaly", async () => {
    // May 2007: no other test writes rollups then.
    const from = Date.parse("2007-05-01T00:00:00Z");
    const service = uniqueName("ops");
    const count = DAYS * 24;
    const last = from + (count - 8) * HOUR_MS;
    const slow = last - 12 * HOUR_MS;
    // Transfers (7 % of the requests) fail one in twenty for three hours: too few to move the
    // service's error rate, plain in its own. Twelve hours before, they were slow: enough to move
    // the service's p95, so that is the service's anomaly, not a second one for the operation.
    const transfers = hours(from, count, 150, (t) => (t >= last && t < last + 3 * HOUR_MS ? 0.05 : 0.002)).map((h) =>
      h.t >= slow && h.t < slow + 3 * HOUR_MS ? { ...h, ms: 900 } : h,
    );
    await write(service, hours(from, count, 2_000), "GET /accounts");
    await write(service, transfers, "POST /transfers");
    // 1 % of the requests: not a series of its own.
    await write(service, hours(from, count, 20), "GET /health");
    const range = { from: new Date(from), to: new Date(from + count * HOUR_MS) };
    const chosen = (await topOperations(pool(), range)).filter((key) => key.service === service);
    expect(chosen.map((key) => key.operation)).toEqual(["GET /accounts", "POST /transfers"]);
    const scanned = await scanWindow(ctx, { scannedTo: from + count * HOUR_MS, stepMs: HOUR_MS });
    expect(scanned.failures).toEqual([]);
    const found = await pool().query<{ series: string; scope: string; started_at: Date }>(
      "SELECT series, scope, started_at FROM anomaly WHERE service = $1 ORDER BY scope, series",
      [service],
    );
    expect(found.rows.map((row) => [row.scope, row.series, row.started_at.getTime()])).toEqual([
      ["", "latency", slow],
      ["POST /transfers", "errors", last],
    ]);
  });

  it("is the triagers' and the worker's to run", async () => {
    await expect(scanWindow(roleCtx("viewer"), { scannedTo: START, stepMs: HOUR_MS })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(scanWindow(roleCtx("finops"), { scannedTo: START, stepMs: HOUR_MS })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
