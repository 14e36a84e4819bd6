import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { getServiceDetail, getServiceMap } from "@/lib/traces/service-detail";
import { listServiceRed } from "@/lib/traces/service-red";
import { searchTraces } from "@/lib/traces/search-traces";
import { roleCtx } from "@/test/factories";
import { usePrivateDatabase } from "@/test/private-database";
import { demoDeliveries } from "./demo-deliveries";
import { DEMO_SLOS } from "./demo-slos";
import { loadDemoTraces } from "./demo-traces";
import { BURST } from "./demo-traffic";

// The demo's rollups cover whole hours up to now, so they get a database of their own.
beforeAll(async () => {
  await usePrivateDatabase("demotraces");
}, 60_000);

afterAll(async () => {
  await closeDb();
});

const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
const viewer = roleCtx("viewer");

describe("demo traces", () => {
  it("show an error burst in fraud-scoring and a latency regression in ledger after its deploy", async () => {
    const result = await loadDemoTraces(systemCtx("test"), now, 24, 2);
    expect(result.spans).toBeGreaterThan(10_000);
    expect(result.historyRows).toBeGreaterThan(500);
    const deliveries = demoDeliveries(new Date(now));
    expect(result.deliveries).toMatchObject({
      deployments: deliveries.deployments.length,
      pullRequests: deliveries.pullRequests.length,
      incidents: deliveries.incidents.length,
    });

    // The burst paged fraud-scoring's SLO while it lasted, and the page resolved after it.
    expect(result.slos).toBe(DEMO_SLOS.length);
    const pages = await pool().query<{ fired_at: Date; resolved_at: Date | null }>(
      `SELECT a.fired_at, a.resolved_at FROM slo_alert a JOIN slo s ON s.id = a.slo_id
        WHERE s.name = 'fraud-scoring-availability' AND a.severity = 'page'`,
    );
    expect(pages.rows).toHaveLength(1);
    const burstAt = now - BURST.startsHoursAgo * 3_600_000;
    expect(pages.rows[0].fired_at.getTime()).toBeGreaterThan(burstAt);
    expect(pages.rows[0].fired_at.getTime()).toBeLessThan(burstAt + BURST.minutes * 60_000);
    expect(pages.rows[0].resolved_at?.getTime()).toBeGreaterThan(burstAt + BURST.minutes * 60_000);

    const during = await listServiceRed(viewer, { from: hoursAgo(10), to: hoursAgo(9.5) });
    const before = await listServiceRed(viewer, { from: hoursAgo(14), to: hoursAgo(11) });
    const fraud = (red: typeof during) => red.items.find((item) => item.service === "fraud-scoring");
    expect(fraud(during)?.errorRate).toBeGreaterThan(0.2);
    expect(fraud(before)?.errorRate).toBeLessThan(0.03);
    expect(during.items.find((item) => item.service === "payments-api")?.errorRate).toBeGreaterThan(0.2);

    const ledgerBefore = (await listServiceRed(viewer, { from: hoursAgo(24), to: hoursAgo(20.5) })).items.find(
      (item) => item.service === "ledger",
    );
    const ledgerAfter = (await listServiceRed(viewer, { from: hoursAgo(19.5), to: hoursAgo(16) })).items.find(
      (item) => item.service === "ledger",
    );
    expect((ledgerAfter?.p95Ms ?? 0) / (ledgerBefore?.p95Ms ?? 1)).toBeGreaterThan(1.8);

    const edges = await pool().query(`SELECT caller, callee FROM service_edge_minute GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(edges.rows).toEqual([
      { caller: "kyc", callee: "notifications" },
      { caller: "payments-api", callee: "fraud-scoring" },
      { caller: "payments-api", callee: "ledger" },
      { caller: "payments-api", callee: "notifications" },
    ]);

    const payments = await getServiceDetail(viewer, "payments-api", {
      from: hoursAgo(24),
      to: hoursAgo(0),
      points: 24,
    });
    expect(payments.downstream.map((edge) => edge.service).sort()).toEqual([
      "fraud-scoring",
      "ledger",
      "notifications",
    ]);
    expect(payments.upstream).toEqual([]);
    expect(payments.operations.map((op) => op.operation).sort()).toEqual([
      "GET /v1/payments/{payment_id}",
      "POST /v1/payments",
      "POST /v1/transfers",
    ]);
    expect(payments.series).toHaveLength(24);
    expect(payments.series.reduce((sum, slot) => sum + slot.requests, 0)).toBe(
      payments.operations.reduce((sum, op) => sum + op.requests, 0),
    );
    const ledger = await getServiceDetail(viewer, "ledger", { from: hoursAgo(24), to: hoursAgo(0) });
    expect(ledger.upstream.map((edge) => edge.service)).toEqual(["payments-api"]);
    expect((await getServiceMap(viewer, { from: hoursAgo(24), to: hoursAgo(0) })).edges).toHaveLength(4);

    const failed = await searchTraces(viewer, {
      service: "payments-api",
      status: "error",
      from: hoursAgo(10),
      to: hoursAgo(9.5),
    });
    expect(failed.items.length).toBeGreaterThan(5);
    expect(failed.items[0]).toMatchObject({ rootService: "payments-api", error: true });

    // Loading again stores nothing twice.
    const history = await pool().query(`SELECT sum(requests)::text AS n FROM span_hour`);
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM span`);
    await loadDemoTraces(systemCtx("test"), now, 24, 2);
    const again = await pool().query(`SELECT count(*)::int AS n FROM span`);
    expect(again.rows[0].n).toBe(rows[0].n);
    expect((await pool().query(`SELECT sum(requests)::text AS n FROM span_hour`)).rows).toEqual(history.rows);
  }, 180_000);

  it("bring tens to hundreds of payments-api requests a minute, with a daily cycle over the days before", async () => {
    const lastHour = await listServiceRed(viewer, { from: hoursAgo(1), to: hoursAgo(0) });
    const perMinute = (lastHour.items.find((item) => item.service === "payments-api")?.requests ?? 0) / 60;
    expect(perMinute).toBeGreaterThan(10);
    expect(perMinute).toBeLessThan(400);

    // The days before the raw spans come from the hourly rollups alone, and peak in the afternoon.
    const days = await getServiceDetail(viewer, "payments-api", { from: hoursAgo(73), to: hoursAgo(24), points: 60 });
    const hourly = days.series.map((slot) => slot.requests).filter((requests) => requests > 0);
    expect(hourly.length).toBeGreaterThanOrEqual(46);
    expect(Math.max(...hourly) / Math.min(...hourly)).toBeGreaterThan(4);
    const usageDays = await pool().query(
      `SELECT count(DISTINCT (minute AT TIME ZONE 'UTC')::date)::int AS n FROM feature_usage_minute`,
    );
    expect(usageDays.rows[0].n).toBeGreaterThanOrEqual(3);
  });

  it("keep traces of 5 to 60 spans, sampled, with the busiest over 30", async () => {
    const found = await searchTraces(viewer, { from: hoursAgo(1), to: hoursAgo(0), limit: 200 });
    const sizes = found.items.map((item) => item.spanCount);
    expect(sizes.length).toBe(200);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(60);
    expect(sizes.some((size) => size >= 30)).toBe(true);
  });
});
