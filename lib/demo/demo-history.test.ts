import { describe, expect, it } from "vitest";
import { rng } from "./demo-random";
import { countTrace, demoHistory } from "./demo-history";
import { DEMO_FLOWS, demoTrace } from "./demo-traces-minute";
import { loadAt, QUIET } from "./demo-traffic";

const DAY_START = Date.parse("2026-12-02T00:00:00Z");
const HOUR = 3_600_000;

describe("demo history", () => {
  it("counts a trace as the rollups do: entry spans, cross-service calls, features", () => {
    // A captured payment (about 6% are refused by the card issuer and stop before ledger).
    const random = rng(3);
    let spans = demoTrace(DEMO_FLOWS[0], random, DAY_START, QUIET, null);
    while (!spans.some((span) => span.service === "notifications"))
      spans = demoTrace(DEMO_FLOWS[0], random, DAY_START, QUIET, null);
    const counted = countTrace(spans);
    expect(counted.services.map((item) => item.key).sort()).toEqual([
      "fraud-scoring|POST /v1/score",
      "ledger|POST /v1/entries",
      "notifications|process payments.completed",
      "payments-api|POST /v1/payments",
    ]);
    expect(counted.edges.map((item) => item.key).sort()).toEqual([
      "payments-api|fraud-scoring",
      "payments-api|ledger",
      "payments-api|notifications",
    ]);
    expect(counted.usage.map((item) => item.key).sort()).toEqual([
      "fraud-scoring|fraud-prevention",
      "ledger|card-payments",
      "notifications|",
      "payments-api|card-payments",
    ]);
  });

  const day = demoHistory(DAY_START, DAY_START + 24 * HOUR);
  const requestsAt = (hour: number, key: string) =>
    day.services
      .filter((row) => row.hour === DAY_START + hour * HOUR && row.key === key)
      .reduce((sum, row) => sum + row.count, 0);

  it("has each hour's requests from the traffic model, with its daily cycle", () => {
    for (const hour of [3, 9, 15, 21]) {
      let expected = 0;
      for (let minute = 0; minute < 60; minute++) expected += 140 * loadAt(DAY_START + hour * HOUR + minute * 60_000);
      const counted = requestsAt(hour, "payments-api|POST /v1/payments");
      expect(counted / expected).toBeGreaterThan(0.85);
      expect(counted / expected).toBeLessThan(1.15);
    }
    expect(
      requestsAt(15, "payments-api|POST /v1/payments") / requestsAt(3, "payments-api|POST /v1/payments"),
    ).toBeGreaterThan(5);
  });

  it("keeps rows whole: sorted buckets, positive counts summing to the total, errors within it", () => {
    for (const row of [...day.services, ...day.edges, ...day.usage]) {
      expect(row.buckets).toEqual([...row.buckets].sort((a, b) => a - b));
      expect(row.counts.every((count) => count > 0)).toBe(true);
      expect(row.counts.reduce((sum, count) => sum + count, 0)).toBe(row.count);
      expect(row.errors).toBeLessThanOrEqual(row.count);
    }
    const usage = day.usage.filter((row) => row.key === "payments-api|card-payments");
    expect(usage).toHaveLength(24);
    expect(usage.every((row) => row.durationNs > 0n)).toBe(true);
  });

  it("is the same for the same hours, and empty for none", () => {
    expect(demoHistory(DAY_START, DAY_START + 2 * HOUR)).toEqual(demoHistory(DAY_START, DAY_START + 2 * HOUR));
    expect(demoHistory(DAY_START, DAY_START)).toEqual({ services: [], edges: [], usage: [] });
  });
});
