import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { roleCtx, uniqueName } from "@/test/factories";
import { systemCtx } from "../context";
import { pool } from "../db";
import { ingestMetrics } from "./ingest-metrics";
import { readDailyMetrics } from "./read-daily-metrics";
import { batch, point, series } from "./test-points";

describe("ingestMetrics", () => {
  it("rejects only the rows holding a value PostgreSQL refuses, stores the rest, and says so", async () => {
    const metric = uniqueName("refused");
    const host = uniqueName("i");
    // An identity too large for the index (the receiver refuses it earlier; lib must not rely on that).
    const huge = randomBytes(4000).toString("hex");
    const result = await ingestMetrics(
      systemCtx("test"),
      batch([
        point(series(metric, host), "2026-03-10T10:00:00Z", 1),
        point(series(metric, huge), "2026-03-10T10:00:00Z", 2),
      ]),
    );
    expect(result).toMatchObject({ stored: 1, rejected: 1 });
    expect(result.reasons[0]).toMatch(new RegExp(`1 point\\(s\\) of ${metric}: the store refused a value`));
    const { rows } = await readDailyMetrics(roleCtx("viewer"), {
      metrics: [metric],
      from: new Date("2026-03-10T00:00:00Z"),
      to: new Date("2026-03-11T00:00:00Z"),
    });
    expect(rows.map((row) => [row.resourceId, row.sum])).toEqual([[host, 1]]);
  });

  it("stores into a series again after retention deleted it, though its id was cached", async () => {
    const metric = uniqueName("deleted");
    const key = series(metric, uniqueName("i"));
    await ingestMetrics(systemCtx("test"), batch([point(key, "2026-03-10T10:00:00Z", 1)]));
    await pool().query("DELETE FROM metric_point WHERE series_id IN (SELECT id FROM metric_series WHERE metric = $1)", [
      metric,
    ]);
    await pool().query("DELETE FROM metric_series WHERE metric = $1", [metric]);
    const again = await ingestMetrics(systemCtx("test"), batch([point(key, "2026-03-10T10:01:00Z", 2)]));
    expect(again).toMatchObject({ stored: 1, rejected: 0 });
    const { rows } = await pool().query(
      "SELECT count(*)::int AS n FROM metric_point p JOIN metric_series s ON s.id = p.series_id WHERE s.metric = $1",
      [metric],
    );
    expect(rows[0].n).toBe(1);
  });

  it("needs the ingest:traces permission", async () => {
    await expect(ingestMetrics(roleCtx("viewer"), batch([]))).rejects.toMatchObject({ code: "forbidden" });
  });
});
