import { describe, expect, it } from "vitest";
import {
  attributeDeltas,
  attributeText,
  changeText,
  deltaChanges,
  percent,
  type SampledSpan,
} from "@/lib/anomalies/attribute-deltas";

const spans = (n: number, attributes: (i: number) => Record<string, unknown>): SampledSpan[] =>
  Array.from({ length: n }, (_, i) => ({ attributes: attributes(i) }));

const ROUTES = ["/pay", "/refund", "/balance"];
const HOSTS = ["a", "b", "c"];

/** A deploy: every outlier on the new version; routes and hosts spread alike on both sides. */
function deploySamples() {
  const common = (i: number) => ({
    "http.route": ROUTES[i % 3],
    "host.name": HOSTS[(i * 7) % 3],
    "request.id": `req-${i}-${Math.random()}`,
    "deployment.environment.name": "prod",
  });
  const outliers = spans(40, (i) => ({ ...common(i), "service.version": "2026.11.3" }));
  const inliers = spans(200, (i) => ({ ...common(i), "service.version": "2026.11.2" }));
  return { outliers, inliers };
}

describe("attributeDeltas", () => {
  it("names the new version and nothing spread alike on both sides", () => {
    const { outliers, inliers } = deploySamples();
    expect(attributeDeltas(outliers, inliers)).toEqual([
      {
        key: "service.version",
        value: "2026.11.3",
        outlierShare: 1,
        inlierShare: 0,
        delta: 1,
        outlierCount: 40,
        inlierCount: 0,
        sameSpans: [],
      },
    ]);
  });

  it("gives the same list whatever order the spans come in", () => {
    const outliers = spans(30, (i) => ({ region: i < 24 ? "eu" : "us", zone: i < 20 ? "b" : "a", tier: "gold" }));
    const inliers = spans(100, (i) => ({ region: i < 10 ? "eu" : "us", zone: i < 30 ? "b" : "a", tier: "gold" }));
    const first = attributeDeltas(outliers, inliers);
    const second = attributeDeltas([...outliers].reverse(), [...inliers].reverse());
    expect(second).toEqual(first);
    expect(first.map((d) => `${d.key}=${d.value}`)).toEqual(["region=eu", "zone=b"]);
  });

  it("keeps a value on exactly half the outliers 30 points more often, and not one just short", () => {
    const outliers = (n: number) => spans(100, (i) => ({ region: i < n ? "eu" : `other-${i % 2}` }));
    const inliers = (n: number) => spans(1000, (i) => ({ region: i < n ? "eu" : `other-${i % 2}` }));
    expect(attributeDeltas(outliers(50), inliers(200)).map((d) => d.delta)).toEqual([0.3]);
    expect(attributeDeltas(outliers(49), inliers(0))).toEqual([]);
    expect(attributeDeltas(outliers(60), inliers(310))).toEqual([]);
  });

  it("needs three outliers and a z score of 3, so a few slow spans name no coincidence", () => {
    const inliers = spans(100, (i) => ({ user: i < 40 ? "u1" : `u${i}` }));
    expect(
      attributeDeltas(
        spans(2, () => ({ user: "u1" })),
        inliers,
      ),
    ).toEqual([]);
    // Two of two on a user never seen before has a z of 10, but two spans are too few.
    expect(
      attributeDeltas(
        spans(2, () => ({ user: "u9" })),
        inliers,
      ),
    ).toEqual([]);
    expect(
      attributeDeltas(
        spans(4, (i) => ({ user: i < 3 ? "u1" : "u2" })),
        inliers,
      ),
    ).toEqual([]);
    const strong = attributeDeltas(
      spans(3, () => ({ user: "u9" })),
      inliers,
    );
    expect(strong.map((d) => [d.value, d.outlierShare, d.inlierShare])).toEqual([["u9", 1, 0]]);
  });

  it("names one tenant that dominates the bad spans, though its key is an id", () => {
    const outliers = spans(50, (i) => ({ "tenant.id": i < 35 ? "t-42" : `t-${1000 + i}` }));
    const inliers = spans(500, (i) => ({ "tenant.id": `t-${i}` }));
    expect(attributeDeltas(outliers, inliers).map((d) => `${d.key}=${d.value}`)).toEqual(["tenant.id=t-42"]);
    const unique = spans(50, (i) => ({ "tenant.id": `t-${5000 + i}` }));
    expect(attributeDeltas(unique, inliers)).toEqual([]);
  });

  it("returns nothing without outliers or with fewer than 10 inliers", () => {
    const { outliers, inliers } = deploySamples();
    expect(attributeDeltas([], inliers)).toEqual([]);
    expect(attributeDeltas(outliers, [])).toEqual([]);
    expect(attributeDeltas(outliers, inliers.slice(0, 9))).toEqual([]);
    expect(attributeDeltas(outliers, inliers.slice(0, 10))).toHaveLength(1);
  });

  it("folds a value on the same spans as a better one (the new version's only pod) into it", () => {
    const outliers = spans(20, () => ({ "k8s.pod.name": "ledger-new", "service.version": "2" }));
    const inliers = spans(60, (i) => ({ "k8s.pod.name": `ledger-old-${i % 3}`, "service.version": "1" }));
    const deltas = attributeDeltas(outliers, inliers);
    expect(deltas.map((d) => [d.key, d.value, d.sameSpans])).toEqual([
      ["service.version", "2", ["k8s.pod.name=ledger-new"]],
    ]);
  });

  it("keeps at most five, best first, ties broken by outliers, then preference, then name", () => {
    const keys = ["g", "f", "e", "d", "c", "b", "a"];
    const outliers = spans(100, (i) => Object.fromEntries(keys.map((k, j) => [k, i < 100 - j * 5 ? "x" : "y"])));
    const inliers = spans(100, (i) => ({ ...Object.fromEntries(keys.map((k) => [k, "z"])), same: i < 0 ? "" : "s" }));
    const tie = attributeDeltas(
      spans(10, () => ({ b: "1", a: "1", "cloud.region": "1" })),
      spans(10, () => ({ b: "0", a: "0", "cloud.region": "0" })),
      { minZ: 0 },
    );
    expect(attributeDeltas(outliers, inliers).map((d) => d.key)).toEqual(["g", "f", "e", "d", "c"]);
    expect(attributeDeltas(outliers, inliers, { limit: 2 }).map((d) => d.key)).toEqual(["g", "f"]);
    expect(attributeDeltas(outliers, inliers, { limit: 0 })).toEqual([]);
    expect(tie.map((d) => [d.key, d.sameSpans])).toEqual([["cloud.region", ["a=1", "b=1"]]]);
  });

  it("leaves out the keys it is told to", () => {
    const outliers = spans(20, () => ({ "http.response.status_code": 500, "service.version": "2" }));
    const inliers = spans(20, () => ({ "http.response.status_code": 200, "service.version": "1" }));
    const deltas = attributeDeltas(outliers, inliers, { ignoreKeys: ["http.response.status_code"] });
    expect(deltas.map((d) => d.key)).toEqual(["service.version"]);
  });

  it("compares values as text: numbers, booleans, int64, arrays; null is no value", () => {
    const outliers = spans(10, (i) => ({
      code: i % 2 ? 500 : "500",
      retry: true,
      big: { intValue: "9223372036854775807" },
      tags: ["a", 1],
      empty: null,
    }));
    const inliers = spans(10, () => ({ code: 200, retry: false, big: 1, tags: [], empty: null }));
    const deltas = attributeDeltas(outliers, inliers);
    // All four are on the same spans: one is listed, the others folded into it.
    expect(deltas.flatMap((d) => [`${d.key}=${d.value}`, ...d.sameSpans]).sort()).toEqual(
      ["big=9223372036854775807", "code=500", 'tags=["a",1]', "retry=true"].sort(),
    );
    expect(attributeText(undefined)).toBeNull();
    expect(attributeText(12n)).toBe("12");
  });
});

describe("attributeDeltas on hostile input", () => {
  it("counts NUL, lone surrogates, __proto__ and 10k-character values as plain text", () => {
    const long = "v".repeat(10_000);
    const hostile = JSON.parse('{"__proto__": "polluted", "k\\u0000": "a\\u0000b", "s": "\\ud800"}');
    const outliers = spans(20, () => ({ ...hostile, long }));
    const inliers = spans(20, () => ({ long }));
    const deltas = attributeDeltas(outliers, inliers);
    expect(deltas.map((d) => [d.key, d.value, d.sameSpans])).toEqual([
      ["__proto__", "polluted", ["k\u0000=a\u0000b", "s=\ud800"]],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("skips spans whose attributes are missing or not an object", () => {
    const junk = [
      null,
      undefined,
      7,
      "text",
      { attributes: null },
      { attributes: "x" },
      {},
    ] as unknown as SampledSpan[];
    const outliers = [...junk, ...spans(10, () => ({ v: "2" }))];
    const inliers = [...junk, ...spans(10, () => ({ v: "1" }))];
    const deltas = attributeDeltas(outliers, inliers);
    expect(deltas.map((d) => [d.value, d.outlierCount, d.outlierShare])).toEqual([["2", 10, 10 / 17]]);
  });

  it("ranks 50,000 spans a side with 20 attributes each in seconds", () => {
    const attributes = (version: string) => (i: number) => ({
      ...Object.fromEntries(Array.from({ length: 18 }, (_, k) => [`key.${k}`, `value-${(i * (k + 1)) % 7}`])),
      "request.id": `r-${version}-${i}`,
      "service.version": version,
    });
    const outliers = spans(50_000, attributes("2"));
    const inliers = spans(50_000, attributes("1"));
    const started = performance.now();
    const deltas = attributeDeltas(outliers, inliers);
    const ms = performance.now() - started;
    expect(deltas.map((d) => `${d.key}=${d.value}`)).toEqual(["service.version=2"]);
    expect(ms).toBeLessThan(10_000);
  });
});

describe("deltaChanges", () => {
  it("writes each delta as a ranked attribute change with its evidence", () => {
    const { outliers, inliers } = deploySamples();
    const changes = deltaChanges(attributeDeltas(outliers, inliers), { kind: "latency", outliers: 40, inliers: 200 });
    expect(changes).toEqual([
      {
        kind: "attribute",
        rank: 1,
        summary: "service.version=2026.11.3 in 100% of slow spans, 0% before",
        score: 0.8,
        key: "service.version",
        value: "2026.11.3",
        outlierShare: 1,
        inlierShare: 0,
        delta: 1,
        outliers: 40,
        inliers: 200,
        sameSpans: [],
      },
    ]);
  });

  it("scales the score by the delta and names failing spans", () => {
    const delta = { key: "region", value: "eu", outlierShare: 0.7, inlierShare: 0.3, outlierCount: 7, inlierCount: 3 };
    const [first, second] = deltaChanges(
      [
        { ...delta, delta: 0.4, sameSpans: [] },
        { ...delta, value: "us", delta: 0.3, sameSpans: [] },
      ],
      { kind: "errors", outliers: 10, inliers: 10 },
    );
    expect([first.rank, first.score, first.summary]).toEqual([
      1,
      0.32,
      "region=eu in 70% of failing spans, 30% before",
    ]);
    expect([second.rank, second.score]).toEqual([2, 0.24]);
  });

  it("stores no NUL or lone surrogate and cuts long text without splitting a pair", () => {
    const [change] = deltaChanges(
      [
        {
          key: "k\u0000",
          value: `${"x".repeat(199)}\ud83d\ude00${"y".repeat(10_000)}`,
          outlierShare: 1,
          inlierShare: 0,
          delta: 1,
          outlierCount: 5,
          inlierCount: 0,
          sameSpans: ["s=\udc00"],
        },
      ],
      { kind: "requests", outliers: 5, inliers: 50 },
    );
    const json = JSON.stringify(change);
    expect(json).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i);
    expect(change.key).toBe("k\uFFFD");
    expect(change.value).toBe(`${"x".repeat(199)}…`);
    expect(change.sameSpans).toEqual(["s=\uFFFD"]);
    expect(change.summary).toContain("of spans during the episode");
    expect(changeText("a".repeat(201))).toHaveLength(201);
    expect(changeText("a".repeat(200))).toHaveLength(200);
  });

  it("never rounds a partial share to 0% or 100%", () => {
    expect([percent(0), percent(0.004), percent(0.5), percent(0.996), percent(1)]).toEqual([
      "0%",
      "<1%",
      "50%",
      ">99%",
      "100%",
    ]);
  });
});
