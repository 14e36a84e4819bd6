import { describe, expect, it } from "vitest";
import { attributeDeltas, type SampledSpan } from "@/lib/anomalies/attribute-deltas";
import { sampledAttributes } from "@/lib/anomalies/sample-span-attributes";
import { demoTracesForMinute } from "@/lib/demo/demo-traces-minute";
import { BURST, DEPLOY } from "@/lib/demo/demo-traffic";
import type { SpanRecord } from "@/lib/traces/span-record";

// The demo's two incidents, compared as the anomaly's attribute deltas would compare them: the
// service's entry spans in the episode's first hour (or the burst) against the hour before.

const NOW = Date.parse("2026-12-02T18:00:00Z");
const MINUTE = 60_000;

/** The entry spans of `service` (roots, or under another service's span) in [from, to). */
function entrySpans(service: string, from: number, to: number): SpanRecord[] {
  const out: SpanRecord[] = [];
  for (let minute = from; minute < to; minute += MINUTE) {
    const spans = demoTracesForMinute(minute, NOW);
    const serviceOf = new Map(spans.map((span) => [span.spanId, span.service]));
    for (const span of spans)
      if (span.service === service && (span.parentSpanId === null || serviceOf.get(span.parentSpanId) !== service))
        out.push(span);
  }
  return out;
}

const sampled = (span: SpanRecord): SampledSpan => ({
  attributes: sampledAttributes({
    name: span.name,
    http_route: span.httpRoute,
    http_status_code: span.httpStatusCode,
    db_system: span.dbSystem,
    peer_service: span.peerService,
    environment: span.environment,
    feature: span.feature,
    attributes: span.attributes,
    resource: span.resource,
  }),
});

const durationMs = (span: SpanRecord) => Number(span.endNs - span.startNs) / 1e6;

describe("attribute deltas on the demo", () => {
  it("name service.version first for the ledger regression", () => {
    const deployAt = Math.floor((NOW - DEPLOY.hoursAgo * 3_600_000) / MINUTE) * MINUTE;
    const before = entrySpans(DEPLOY.service, deployAt - 60 * MINUTE, deployAt);
    const after = entrySpans(DEPLOY.service, deployAt, deployAt + 60 * MINUTE);
    const sorted = before.map(durationMs).sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)];
    const slow = after.filter((span) => durationMs(span) > p95);
    const deltas = attributeDeltas(slow.map(sampled), before.map(sampled));
    expect(slow.length).toBeGreaterThan(after.length / 2);
    expect(deltas.map((d) => [d.key, d.value, d.inlierShare, d.sameSpans])).toEqual([
      ["service.version", DEPLOY.after, 0, []],
    ]);
  });

  it("name nothing for payments-api's error burst, whose cause is a callee, not an attribute", () => {
    const burstAt = Math.floor((NOW - BURST.startsHoursAgo * 3_600_000) / MINUTE) * MINUTE;
    const before = entrySpans("payments-api", burstAt - 60 * MINUTE, burstAt);
    const failing = entrySpans("payments-api", burstAt, burstAt + BURST.minutes * MINUTE).filter(
      (span) => span.statusCode === 2,
    );
    expect(failing.length).toBeGreaterThan(100);
    const ignoreKeys = ["http.response.status_code"];
    expect(attributeDeltas(failing.map(sampled), before.map(sampled), { ignoreKeys })).toEqual([]);
  });
});
