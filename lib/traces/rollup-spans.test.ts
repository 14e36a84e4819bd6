import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { ingestOtlpJson } from "@/test/span-factory";
import { bucketLowerMs, bucketOf, bucketUpperMs } from "./histogram";
import { rollupSpans } from "./rollup-spans";
import { listServiceRed } from "./service-red";

const ctx = systemCtx("test");
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** A minute of its own, two to three days ago, so parallel tests never share a rollup window. */
function ownMinute(): number {
  const minutes = 2 * 1440 + Math.floor(Math.random() * 1440);
  return Math.floor((Date.now() - minutes * 60_000) / 60_000) * 60_000;
}

function otlp(
  spans: {
    service: string;
    traceId: string;
    spanId: string;
    parent?: string;
    name: string;
    startMs: number;
    durationMs: number;
    error?: boolean;
    traceState?: string;
    httpStatus?: number;
  }[],
) {
  const byService = new Map<string, typeof spans>();
  for (const span of spans) byService.set(span.service, [...(byService.get(span.service) ?? []), span]);
  return JSON.stringify({
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: {
        attributes: [
          { key: "service.name", value: { stringValue: service } },
          { key: "deployment.environment", value: { stringValue: "prod" } },
        ],
      },
      scopeSpans: [
        {
          spans: list.map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parent ?? "",
            traceState: span.traceState,
            name: span.name,
            kind: span.parent ? 3 : 2,
            startTimeUnixNano: String(BigInt(span.startMs) * 1_000_000n),
            endTimeUnixNano: String(BigInt(span.startMs) * 1_000_000n + BigInt(Math.round(span.durationMs * 1e6))),
            status: { code: span.error ? 2 : 0 },
            attributes:
              span.httpStatus === undefined
                ? []
                : [{ key: "http.response.status_code", value: { intValue: String(span.httpStatus) } }],
          })),
        },
      ],
    })),
  });
}

const within = (bucket: number, share: number) =>
  bucketLowerMs(bucket) + (bucketUpperMs(bucket) - bucketLowerMs(bucket)) * share;

describe("span rollups", () => {
  it("count entry spans answered with HTTP 5xx apart from those with an error status (SLOs choose either), per minute, hour and day", async () => {
    const api = uniqueName("api");
    const minute = ownMinute();
    const statuses: [number | undefined, boolean][] = [
      [200, false],
      [503, false],
      [500, true],
      [404, true],
      [undefined, false],
      [599, false],
    ];
    const spans = statuses.map(([httpStatus, error], i) => ({
      service: api,
      traceId: hex(minute + i, 32),
      spanId: hex(i + 1, 16),
      name: "GET /cards",
      startMs: minute + i * 1000,
      durationMs: 5,
      error,
      httpStatus,
    }));
    await ingestOtlpJson(ctx, otlp(spans));
    await rollupSpans(ctx, { from: new Date(minute), to: new Date(minute + 59_000) });
    const hour = new Date(Math.floor(minute / 3_600_000) * 3_600_000);
    const day = new Date(Math.floor(minute / 86_400_000) * 86_400_000);
    const { rows } = await pool().query(
      `SELECT requests::int, errors::int, server_errors::int FROM span_minute WHERE minute = $1 AND service = $2
       UNION ALL SELECT requests::int, errors::int, server_errors::int FROM span_hour WHERE hour = $3 AND service = $2
       UNION ALL SELECT requests::int, errors::int, server_errors::int FROM span_day WHERE day = $4 AND service = $2`,
      [new Date(minute), api, hour, day],
    );
    expect(rows).toEqual([
      { requests: 6, errors: 2, server_errors: 3 },
      { requests: 6, errors: 2, server_errors: 3 },
      { requests: 6, errors: 2, server_errors: 3 },
    ]);
  });

  it("count entry spans per service and minute, with latency percentiles and cross-service edges", async () => {
    const api = uniqueName("api");
    const ledger = uniqueName("ledger");
    const minute = ownMinute();
    const spans = [];
    for (let i = 0; i < 10; i++) {
      const traceId = hex(minute + i, 32);
      // api: 8 fast and 2 slow requests, the slow ones failing; each calls ledger, which calls itself once.
      const span = (service: string, id: number, parent: number | null, name: string, durationMs: number) => ({
        service,
        traceId,
        spanId: hex(id + i, 16),
        parent: parent === null ? undefined : hex(parent + i, 16),
        name,
        startMs: minute + i * 1000,
        durationMs,
      });
      spans.push(
        { ...span(api, 1000, null, "POST /pay", i < 8 ? 1 : 100), error: i >= 8 },
        span(ledger, 2000, 1000, "POST /entries", 0.5),
        span(ledger, 3000, 2000, "SELECT", 0.2),
      );
    }
    await ingestOtlpJson(ctx, otlp(spans));
    const result = await rollupSpans(ctx, { from: new Date(minute), to: new Date(minute + 59_000) });
    expect(result.minutes).toBe(1);

    const { rows } = await pool().query(
      `SELECT service, operation, environment, requests::int, errors::int FROM span_minute WHERE minute = $1 AND service IN ($2, $3) ORDER BY service`,
      [new Date(minute), api, ledger],
    );
    expect(rows).toEqual([
      { service: api, operation: "POST /pay", environment: "prod", requests: 10, errors: 2 },
      // Only ledger's entry span counts, not its internal SELECT.
      { service: ledger, operation: "POST /entries", environment: "prod", requests: 10, errors: 0 },
    ]);
    const edges = await pool().query(
      `SELECT caller, callee, calls::int FROM service_edge_minute WHERE minute = $1 AND caller = $2`,
      [new Date(minute), api],
    );
    expect(edges.rows).toEqual([{ caller: api, callee: ledger, calls: 10 }]);

    const red = await listServiceRed(roleCtx("viewer"), {
      from: new Date(minute).toISOString(),
      to: new Date(minute + 60_000).toISOString(),
      points: 2,
    });
    const apiRed = red.items.find((item) => item.service === api);
    expect(apiRed).toMatchObject({
      requests: 10,
      errors: 2,
      errorRate: 0.2,
      // Interpolated in the bucket by rank (lib/traces/histogram.ts): rank 5 of the 8 at 1 ms, 1.9 of the 2 at 100 ms.
      p50Ms: expect.closeTo(within(bucketOf(1e6), 5 / 8), 9),
      p99Ms: expect.closeTo(within(bucketOf(100e6), 1.9 / 2), 9),
    });
    expect(apiRed?.series.reduce((sum, point) => sum + point.requests, 0)).toBe(10);

    // Over days the hourly rollups answer, with the same counts and percentiles.
    const days = await listServiceRed(roleCtx("viewer"), {
      from: new Date(minute - 2 * 86_400_000).toISOString(),
      to: new Date(minute + 86_400_000).toISOString(),
    });
    expect(days.stepSeconds % 3600).toBe(0);
    expect(days.items.find((item) => item.service === api)).toMatchObject({
      requests: 10,
      errors: 2,
      p50Ms: apiRed?.p50Ms,
      p99Ms: apiRed?.p99Ms,
    });
    const hourly = await pool().query(`SELECT callee, calls::int FROM service_edge_hour WHERE caller = $1`, [api]);
    expect(hourly.rows).toEqual([{ callee: ledger, calls: 10 }]);

    // Running it again over the same minute gives the same rows, not double.
    await rollupSpans(ctx, { from: new Date(minute), to: new Date(minute + 59_000) });
    const again = await pool().query(
      `SELECT sum(requests)::int AS n FROM span_minute WHERE minute = $1 AND service = $2`,
      [new Date(minute), api],
    );
    expect(again.rows[0].n).toBe(10);
  });

  it("count a probability-sampled span as the spans it stands for (tracestate ot=th)", async () => {
    const api = uniqueName("sampled");
    const minute = ownMinute();
    // th:8 keeps 1/2 (counts 2), th:c keeps 1/4 (4), th:f8 keeps 1/32 (32); others count 1.
    // W3C tracestate allows spaces after the comma between members.
    const states = [
      "ot=th:8",
      "congo=t61rcWkgMzE,ot=th:c;rv:a1b2c3d4e5f607",
      "ot=th:f8",
      undefined,
      "vendor=x",
      "vendor=x, ot=th:8",
    ];
    const spans = states.map((traceState, i) => ({
      service: api,
      traceId: hex(minute + i, 32),
      spanId: hex(5000 + i, 16),
      name: "GET /",
      startMs: minute + i * 100,
      durationMs: 2,
      error: i === 2,
      traceState,
    }));
    await ingestOtlpJson(ctx, otlp(spans));
    await rollupSpans(ctx, { from: new Date(minute), to: new Date(minute + 59_000) });
    const { rows } = await pool().query(
      `SELECT requests::int, errors::int, samples::int FROM span_minute WHERE minute = $1 AND service = $2`,
      [new Date(minute), api],
    );
    // samples: the six spans kept, which anomaly detection judges noise by.
    expect(rows).toEqual([{ requests: 2 + 4 + 32 + 1 + 1 + 2, errors: 32, samples: 6 }]);
    const hour = await pool().query(
      `SELECT requests::int, samples::int FROM span_hour WHERE hour = date_trunc('hour', $1::timestamptz) AND service = $2`,
      [new Date(minute), api],
    );
    expect(hour.rows).toEqual([{ requests: 42, samples: 6 }]);
    const usage = await pool().query(
      `SELECT requests::int, duration_ns::text AS ns FROM feature_usage_minute WHERE minute = $1 AND service = $2`,
      [new Date(minute), api],
    );
    expect(usage.rows).toEqual([{ requests: 42, ns: String(42 * 2_000_000) }]);
  });

  it("refuse bad windows with the field and reason", async () => {
    await expect(listServiceRed(roleCtx("viewer"), { from: "yesterday" })).rejects.toThrow(
      /^from: must be an ISO 8601 time/,
    );
    await expect(
      listServiceRed(roleCtx("viewer"), { from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z" }),
    ).rejects.toThrow(/from must be before to/);
  });
});
