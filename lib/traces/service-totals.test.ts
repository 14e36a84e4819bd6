import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { ingestOtlpJson } from "@/test/span-factory";
import { addSparse, emptyHistogram, quantileMs } from "./histogram";
import { rollupSpans } from "./rollup-spans";
import { getServiceDetail, getServiceMap } from "./service-detail";
import { listServiceRed } from "./service-red";

// A window's totals read its whole hours from span_hour and its partial hours' minutes from
// span_minute (rollup-source.ts): they must be exactly the sums of its minutes, on every page.

const HOUR = 3_600_000;
const MINUTE = 60_000;
const viewer = roleCtx("viewer");

/** An hour of its own, two to three days ago, so parallel tests never share a rollup window. */
const ownHour = () => Math.floor((Date.now() - (48 + Math.random() * 24) * HOUR) / HOUR) * HOUR;

function request(service: string, spans: { at: number; ms: number; error: boolean; name: string }[]) {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
        scopeSpans: [
          {
            spans: spans.map((span, i) => ({
              traceId: (i + 1).toString(16).padStart(32, "a"),
              spanId: (i + 1).toString(16).padStart(16, "b"),
              name: span.name,
              kind: 2,
              startTimeUnixNano: String(BigInt(span.at) * 1_000_000n),
              endTimeUnixNano: String(BigInt(span.at) * 1_000_000n + BigInt(span.ms * 1_000_000)),
              status: { code: span.error ? 2 : 0 },
            })),
          },
        ],
      },
    ],
  });
}

/** The window's sums over one level alone (span_minute up to two days, span_hour past them). */
async function levelSums(level: "minute" | "hour", service: string, from: Date, to: Date) {
  const { rows } = await pool().query<{ requests: string; errors: string; buckets: number[]; counts: string[] }>(
    `SELECT (SELECT sum(requests) FROM span_${level} WHERE service = $1 AND ${level} >= $2 AND ${level} < $3)::text AS requests,
            (SELECT sum(errors) FROM span_${level} WHERE service = $1 AND ${level} >= $2 AND ${level} < $3)::text AS errors,
            array_agg(b ORDER BY b) AS buckets, array_agg(n::text ORDER BY b) AS counts
     FROM (SELECT b, sum(c) AS n FROM span_${level}, unnest(buckets, counts) AS u(b, c)
           WHERE service = $1 AND ${level} >= $2 AND ${level} < $3 GROUP BY b) x`,
    [service, from, to],
  );
  const histogram = addSparse(emptyHistogram(), rows[0].buckets, rows[0].counts.map(Number));
  return { requests: Number(rows[0].requests), errors: Number(rows[0].errors), p95Ms: quantileMs(histogram, 0.95) };
}

describe("service totals over whole hours and partial ones", () => {
  it("equal the sums of the window's minutes in the services list, the service page and the map", async () => {
    const service = uniqueName("totals");
    const hour = ownHour();
    // Inside [hour + 17 min, hour + 3 h 41 min): the first and last minutes, both sides of each
    // hour's edge, and a whole hour; outside: just before and just after.
    const minutes = [5, 16, 17, 59, 60, 61, 90, 119, 120, 150, 179, 180, 200, 220, 221, 230, 235, 240, 250];
    const spans = minutes.flatMap((m, i) =>
      Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        at: hour + m * MINUTE + k * 1_000 + 7,
        ms: 3 + ((i * 7 + k * 13) % 400),
        error: (i + k) % 4 === 0,
        name: k === 0 ? "GET /a" : "POST /b",
      })),
    );
    await ingestOtlpJson(systemCtx("test"), request(service, spans));
    await rollupSpans(systemCtx("test"), { from: new Date(hour), to: new Date(hour + 5 * HOUR) });
    const [from, to] = [new Date(hour + 17 * MINUTE), new Date(hour + 221 * MINUTE)];
    const expected = await levelSums("minute", service, from, to);
    expect(expected.requests).toBeGreaterThan(10);
    expect(expected.errors).toBeGreaterThan(0);

    const window = { from: from.toISOString(), to: to.toISOString() };
    const listed = (await listServiceRed(viewer, window)).items.find((item) => item.service === service);
    expect(listed).toMatchObject(expected);
    const detail = await getServiceDetail(viewer, service, window);
    expect(detail.summary).toEqual(expected);
    expect(detail.operations.map((op) => op.requests).reduce((a, b) => a + b, 0)).toBe(expected.requests);
    const node = (await getServiceMap(viewer, window)).nodes.find((n) => n.service === service);
    expect(node).toEqual({ service, ...expected });

    // Each point of both series sums the minutes of its slot [from + k step, from + (k + 1) step).
    const points = { ...window, points: 7 };
    const sparkline = (await listServiceRed(viewer, points)).items.find((item) => item.service === service)!;
    const series = (await getServiceDetail(viewer, service, points)).series;
    const step = 30 * MINUTE; // 204 minutes in at most 7 points
    expect(series).toHaveLength(7);
    for (const [k, slot] of series.entries()) {
      const start = new Date(from.getTime() + k * step);
      const sums = await levelSums("minute", service, start, new Date(Math.min(start.getTime() + step, to.getTime())));
      expect(slot).toMatchObject({
        t: start.toISOString(),
        requests: sums.requests,
        errors: sums.errors,
        p95Ms: sums.p95Ms,
      });
      expect(sparkline.series[k]).toEqual({ t: start.toISOString(), requests: sums.requests, errors: sums.errors });
    }
  });

  it("equal the sums of the window's hours past two days, with its whole days read from span_day", async () => {
    const service = uniqueName("days");
    const day = Math.floor((Date.now() - 6 * 86_400_000) / 86_400_000) * 86_400_000;
    const hours = [3, 20, 23, 24, 30, 47, 48, 49, 60, 70, 71, 72, 75];
    const spans = hours.flatMap((h, i) =>
      Array.from({ length: 1 + (i % 2) }, (_, k) => ({
        at: day + h * HOUR + k * 61_000 + 5,
        ms: 2 + ((i * 11 + k * 5) % 900),
        error: (i + k) % 3 === 0,
        name: "GET /c",
      })),
    );
    await ingestOtlpJson(systemCtx("test"), request(service, spans));
    await rollupSpans(systemCtx("test"), { from: new Date(day), to: new Date(day + 4 * 86_400_000) });
    // 20:30 on the first day to 71:15: two whole days, and hours either side (widened to whole hours).
    const window = { from: new Date(day + 20.5 * HOUR).toISOString(), to: new Date(day + 71.25 * HOUR).toISOString() };
    const expected = await levelSums("hour", service, new Date(day + 20 * HOUR), new Date(day + 72 * HOUR));
    expect(expected.requests).toBeGreaterThan(10);
    const listed = (await listServiceRed(viewer, window)).items.find((item) => item.service === service);
    expect(listed).toMatchObject(expected);
    expect((await getServiceDetail(viewer, service, window)).summary).toEqual(expected);
  });
});
