import { describe, expect, it } from "vitest";
import type { SpanRecord } from "../traces/span-record";
import { rng } from "./demo-random";
import { DEMO_FLOWS, demoTrace, demoTracesForMinute, samplingTraceState } from "./demo-traces-minute";
import { DEPLOY, loadAt, momentOf, QUIET } from "./demo-traffic";

const NOW = Date.parse("2026-12-02T18:00:00Z"); // a Wednesday
const HOUR = 3_600_000;

const byTrace = (spans: SpanRecord[]) => {
  const traces = new Map<string, SpanRecord[]>();
  for (const span of spans) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  return [...traces.values()];
};

const payments = (spans: SpanRecord[]) =>
  spans.filter((span) => span.service === "payments-api" && span.parentSpanId === null).length;

describe("demo traces", () => {
  const flowTraces = DEMO_FLOWS.map((flow, index) => {
    const random = rng(100 + index);
    return Array.from({ length: 150 }, () => demoTrace(flow, random, NOW, QUIET, null));
  });

  it("are whole trees of 5 to 60 spans, 30 or more for the busiest requests", () => {
    const sizes = flowTraces.flat().map((trace) => trace.length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(60);
    expect(sizes.filter((size) => size >= 30).length).toBeGreaterThan(20);
    for (const trace of flowTraces.flat()) {
      const ids = new Set(trace.map((span) => span.spanId));
      expect(ids.size).toBe(trace.length);
      expect(trace.filter((span) => span.parentSpanId === null)).toHaveLength(1);
      for (const span of trace) if (span.parentSpanId) expect(ids).toContain(span.parentSpanId);
      for (const span of trace) expect(span.endNs).toBeGreaterThan(span.startNs);
    }
  });

  it("record HTTP, database, cache, Kafka and outside providers as the conventions name them", () => {
    const spans = flowTraces.flat(2);
    expect(new Set(spans.map((span) => span.kind))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(new Set(spans.map((span) => span.dbSystem))).toEqual(new Set([null, "postgresql", "redis"]));
    const peers = new Set(spans.map((span) => span.peerService));
    for (const peer of ["adyen", "clearbank", "onfido", "vertex-ai", "ledger", "sendgrid"])
      expect(peers).toContain(peer);
    const routes = new Set(spans.map((span) => span.httpRoute));
    for (const route of ["/v1/payments", "/v1/payments/{payment_id}", "/v1/entries", "/v1/verifications"])
      expect(routes).toContain(route);
    expect(new Set(spans.map((span) => span.httpStatusCode))).toEqual(
      new Set([null, 200, 201, 202, 402, 404, 502, 503]),
    );
    expect(spans.find((span) => span.kind === 4)?.attributes["messaging.system"]).toBe("kafka");
  });

  it("fail a payment only when fraud-scoring fails, with fraud-scoring's span right under the root", () => {
    const random = rng(5);
    const burst = momentOf(NOW - 10 * HOUR + 60_000, NOW);
    expect(burst.inBurst).toBe(true);
    const traces = Array.from({ length: 300 }, () => demoTrace(DEMO_FLOWS[0], random, NOW, burst, null));
    const failed = traces.filter((trace) =>
      trace.some((span) => span.service === "payments-api" && span.statusCode === 2),
    );
    expect(failed.length / traces.length).toBeGreaterThan(0.25);
    for (const trace of traces) {
      const ordered = [...trace].sort((a, b) => Number(a.startNs - b.startNs));
      expect(ordered[1]).toMatchObject({
        service: "fraud-scoring",
        name: "POST /v1/score",
        parentSpanId: ordered[0].spanId,
      });
      const paymentsFailed = trace.some((span) => span.service === "payments-api" && span.statusCode === 2);
      expect(paymentsFailed).toBe(ordered[1].statusCode === 2);
    }
  });

  it("slow ledger down after its deploy, with a query per balance in the new version", () => {
    const ledgerMs = (afterDeploy: boolean) => {
      const random = rng(9);
      const moment = { inBurst: false, afterDeploy };
      const entries = Array.from({ length: 400 }, () => demoTrace(DEMO_FLOWS[0], random, NOW, moment, null))
        .flat()
        .filter((span) => span.service === "ledger" && span.kind === 2);
      const sorted = entries.map((span) => Number(span.endNs - span.startNs) / 1e6).sort((a, b) => a - b);
      return { p50: sorted[Math.floor(sorted.length / 2)], version: entries[0].resource["service.version"] };
    };
    const before = ledgerMs(false);
    const after = ledgerMs(true);
    expect(after.p50 / before.p50).toBeGreaterThan(2);
    expect([before.version, after.version]).toEqual([DEPLOY.before, DEPLOY.after]);
  });

  it("bring tens to hundreds of payments-api requests a minute, with a daily and a weekly cycle", () => {
    const at = (iso: string) => payments(demoTracesForMinute(Date.parse(iso), NOW));
    const peak = at("2026-12-02T15:30:00Z");
    const night = at("2026-12-02T03:30:00Z");
    expect(peak).toBeGreaterThan(180);
    expect(peak).toBeLessThan(320);
    expect(night).toBeGreaterThan(10);
    expect(night).toBeLessThan(50);
    expect(loadAt(Date.parse("2026-11-29T15:30:00Z"))).toBeLessThan(0.7 * loadAt(Date.parse("2026-12-02T15:30:00Z")));
  });

  it("keep one trace in N when sampled, marked in the tracestate, and are the same for the same minute", () => {
    const minute = Date.parse("2026-12-02T14:00:00Z");
    expect(samplingTraceState(1)).toBeNull();
    expect(samplingTraceState(4)).toBe("ot=th:c");
    expect(samplingTraceState(32)).toBe("ot=th:f8");
    let full = 0;
    let sampled = 0;
    for (let i = 0; i < 30; i++) {
      full += payments(demoTracesForMinute(minute + i * 60_000, NOW));
      const kept = demoTracesForMinute(minute + i * 60_000, NOW, 32);
      sampled += payments(kept);
      for (const span of kept) expect(span.traceState).toBe("ot=th:f8");
    }
    expect((sampled * 32) / full).toBeGreaterThan(0.7);
    expect((sampled * 32) / full).toBeLessThan(1.3);
    expect(demoTracesForMinute(minute, NOW)).toEqual(demoTracesForMinute(minute, NOW));
    expect(byTrace(demoTracesForMinute(minute, NOW)).length).toBeGreaterThan(100);
  });
});
