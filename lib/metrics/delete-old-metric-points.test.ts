import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usePrivateDatabase } from "@/test/private-database";
import { systemCtx } from "../context";
import { closeDb, pool } from "../db";
import { deleteOldMetricPoints } from "./delete-old-metric-points";
import { ingestMetrics } from "./ingest-metrics";
import { batch, point, series } from "./test-points";

// Retention deletes every old point in the database, so this file has a database of its own.
beforeAll(async () => {
  await usePrivateDatabase("metrics_retention");
}, 60_000);

afterAll(async () => {
  await closeDb();
});

const ctx = systemCtx("test");
const NOW = new Date("2026-06-01T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

async function counts() {
  const { rows } = await pool().query(
    `SELECT s.resource_id, count(p.series_id)::int AS points FROM metric_series s LEFT JOIN metric_point p ON p.series_id = s.id
     GROUP BY s.resource_id ORDER BY s.resource_id`,
  );
  return rows.map((row) => [row.resource_id, row.points]);
}

describe("deleteOldMetricPoints", () => {
  it("deletes points past the 35-day retention, and series left empty that were not seen since", async () => {
    await ingestMetrics(
      ctx,
      batch([
        ...[40, 36, 34, 1].map((days) => point(series("m", "a-kept"), daysAgo(days), days)),
        point(series("m", "b-gone"), daysAgo(50), 1),
        point(series("m", "c-seen"), daysAgo(50), 1),
      ]),
    );
    await pool().query(`UPDATE metric_series SET last_seen = $1 WHERE resource_id IN ('a-kept', 'b-gone')`, [
      daysAgo(36),
    ]);
    const result = await deleteOldMetricPoints(ctx, { now: NOW });
    expect(result).toEqual({ before: daysAgo(35), points: 4, series: 1 });
    expect(await counts()).toEqual([
      ["a-kept", 2],
      ["c-seen", 0],
    ]);
    expect(await deleteOldMetricPoints(ctx, { now: NOW })).toMatchObject({ points: 0, series: 0 });
  });

  it("deletes old points in chunks, all of them, at a measured rate", async () => {
    await pool().query(
      `INSERT INTO metric_series (hash, metric, kind, resource_id)
       SELECT sha256(('bulk' || i)::bytea), 'bulk', 'gauge', 'bulk-' || i FROM generate_series(1, 100) i`,
    );
    await pool().query(
      `INSERT INTO metric_point (series_id, minute, points, count, sum, first_ns, first_value, last_ns, last_value)
       SELECT s.id, $1::timestamptz - make_interval(mins => m), 1, 1, 1, 0, 1, 0, 1
       FROM metric_series s, generate_series(0, 2999) m WHERE s.metric = 'bulk'`,
      [daysAgo(36)],
    );
    const started = performance.now();
    const result = await deleteOldMetricPoints(ctx, { now: NOW });
    const seconds = (performance.now() - started) / 1000;
    expect(result.points).toBe(300_000);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM metric_point");
    expect(rows[0].n).toBe(2);
    console.log(
      `metrics retention: ${result.points} points deleted in ${seconds.toFixed(2)} s (${Math.round(result.points / seconds)} points/s)`,
    );
  }, 120_000);
});
