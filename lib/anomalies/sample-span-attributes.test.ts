import { beforeAll, describe, expect, it } from "vitest";
import { attributeDeltas } from "@/lib/anomalies/attribute-deltas";
import { MAX_LIMIT, sampleEpisodeSpans, type SampleInput } from "@/lib/anomalies/sample-span-attributes";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { NEW_VERSION, OLD_VERSION, type Regression, ingestRegression } from "@/test/regression-spans";

const HOUR = 3_600_000;
let regression: Regression;

beforeAll(async () => {
  regression = await ingestRegression(systemCtx("test"));
});

const input = (overrides: Partial<SampleInput> = {}): SampleInput => ({
  service: regression.service,
  series: "latency",
  start: new Date(regression.at),
  end: new Date(regression.at + HOUR),
  baselineFrom: new Date(regression.at - HOUR),
  baselineTo: new Date(regression.at),
  slowerThanMs: 100,
  ...overrides,
});

const values = (spans: { attributes: Record<string, string> }[], key: string) =>
  [...new Set(spans.map((span) => span.attributes[key]))].sort();

describe("sampleEpisodeSpans", () => {
  it("takes the slow entry spans of the episode and every entry span of the baseline", async () => {
    const { outliers, inliers } = await sampleEpisodeSpans(pool(), input());
    expect([outliers.length, inliers.length]).toEqual([regression.slow, regression.before]);
    expect(values(outliers, "service.version")).toEqual([NEW_VERSION]);
    expect(values(inliers, "service.version")).toEqual([OLD_VERSION]);
    // The database calls are the service's own child spans: never entries.
    expect(values([...outliers, ...inliers], "db.system")).toEqual([undefined]);
    expect(values(inliers, "span.name")).toEqual([
      "GET /accounts/:id",
      "GET /balance",
      "GET /transfers",
      "POST /accounts/:id",
      "POST /balance",
      "POST /transfers",
    ]);
    expect(inliers[0].attributes).toMatchObject({
      "service.name": regression.service,
      "host.name": "ledger-host-1",
      "deployment.environment.name": "prod",
      "http.response.status_code": "200",
    });
    expect(Object.keys(inliers[0].attributes).sort()).toEqual([
      "app.request_id",
      "deployment.environment.name",
      "host.name",
      "http.request.method",
      "http.response.status_code",
      "http.route",
      "service.name",
      "service.version",
      "span.name",
    ]);
  });

  it("takes the failing spans for errors and all for requests", async () => {
    const errors = await sampleEpisodeSpans(pool(), input({ series: "errors" }));
    expect(errors.outliers).toHaveLength(regression.failing);
    expect(values(errors.outliers, "http.response.status_code")).toEqual(["500"]);
    const requests = await sampleEpisodeSpans(pool(), input({ series: "requests" }));
    expect([requests.outliers.length, requests.inliers.length]).toEqual([regression.after, regression.before]);
  });

  it("ranks the new version first and nothing spread alike on both sides", async () => {
    const { outliers, inliers } = await sampleEpisodeSpans(pool(), input());
    const deltas = attributeDeltas(outliers, inliers);
    expect(deltas.map((d) => [d.key, d.value, d.outlierShare, d.inlierShare, d.sameSpans])).toEqual([
      ["service.version", NEW_VERSION, 1, 0, []],
    ]);
  });

  it("keeps at most `limit` a side, the same sample every time", async () => {
    const first = await sampleEpisodeSpans(pool(), input({ series: "requests", limit: 10 }));
    const again = await sampleEpisodeSpans(pool(), input({ series: "requests", limit: 10 }));
    expect([first.outliers.length, first.inliers.length]).toEqual([10, 10]);
    expect(again).toEqual(first);
    const ids = (spans: typeof first.outliers) => spans.map((span) => span.attributes["app.request_id"]).sort();
    // Pseudo-random, not the first ten stored: request ids from all over the window.
    expect(ids(first.inliers)).not.toEqual(Array.from({ length: 10 }, (_, i) => `req-old-${i}`).sort());
    const huge = await sampleEpisodeSpans(pool(), input({ series: "requests", limit: 1e9 }));
    expect(huge.outliers).toHaveLength(Math.min(MAX_LIMIT, regression.after));
  });

  it("reads no more than two hours a side, from each window's start", async () => {
    const wide = await sampleEpisodeSpans(
      pool(),
      input({ baselineFrom: new Date(regression.at - 5 * HOUR), baselineTo: new Date(regression.at) }),
    );
    expect(wide.inliers).toEqual([]);
    const late = await sampleEpisodeSpans(pool(), input({ end: new Date(regression.at + 30 * HOUR) }));
    expect(late.outliers).toHaveLength(regression.slow);
  });

  it("returns empty sides for hostile input rather than failing", async () => {
    const empty = { outliers: [], inliers: [] };
    expect(await sampleEpisodeSpans(pool(), input({ service: "ledger\u0000" }))).toEqual(empty);
    expect(await sampleEpisodeSpans(pool(), input({ service: "\ud800" }))).toEqual(empty);
    expect(await sampleEpisodeSpans(pool(), input({ service: "x".repeat(100_000) }))).toEqual(empty);
    expect(await sampleEpisodeSpans(pool(), input({ limit: 0 }))).toEqual(empty);
    for (const series of ["cost", "__proto__", "toString"])
      expect(await sampleEpisodeSpans(pool(), input({ series: series as SampleInput["series"] }))).toEqual(empty);
    expect(await sampleEpisodeSpans(pool(), input({ limit: -5 }))).toEqual(empty);
    expect(await sampleEpisodeSpans(pool(), input({ limit: Number.NaN }))).toEqual(empty);
    const inverted = await sampleEpisodeSpans(
      pool(),
      input({
        start: new Date(regression.at + HOUR),
        end: new Date(regression.at),
        baselineFrom: new Date(Number.NaN),
      }),
    );
    expect(inverted).toEqual(empty);
    for (const slowerThanMs of [Number.NaN, Number.POSITIVE_INFINITY, 1e30]) {
      const { outliers, inliers } = await sampleEpisodeSpans(pool(), input({ slowerThanMs }));
      expect([outliers.length, inliers.length]).toEqual([0, regression.before]);
    }
    const everything = await sampleEpisodeSpans(pool(), input({ slowerThanMs: -1 }));
    expect(everything.outliers).toHaveLength(regression.after);
  });
});
