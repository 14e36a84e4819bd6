import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { roleCtx, uniqueName } from "@/test/factories";
import { ingestOtlpJson } from "@/test/span-factory";
import { getTrace } from "./get-trace";
import { MAX_DURATION_SORTED, searchTraces } from "./search-traces";
import { spanDurationHistogram } from "./span-duration-histogram";

const viewer = roleCtx("viewer");
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** Five traces of a service of its own, a minute apart, two days ago; trace 3 fails and is slow. */
async function seed() {
  const service = uniqueName("search");
  const base = Math.floor((Date.now() - 2 * 86_400_000 - Math.random() * 86_400_000) / 60_000) * 60_000;
  const traceIds = Array.from({ length: 5 }, (_, i) => hex(base + i, 24) + hex(Math.floor(Math.random() * 2 ** 32), 8));
  const spans = traceIds.flatMap((traceId, i) => [
    {
      traceId,
      spanId: hex(i * 2 + 1, 16),
      name: "POST /v1/payments",
      kind: 2,
      startTimeUnixNano: String(BigInt(base + i * 60_000) * 1_000_000n),
      endTimeUnixNano: String(BigInt(base + i * 60_000 + (i === 3 ? 900 : 20)) * 1_000_000n),
      attributes: [
        { key: "http.route", value: { stringValue: "/v1/payments" } },
        { key: "tenant.id", value: { stringValue: `tenant-${i % 2}` } },
      ],
      status: { code: i === 3 ? 2 : 1 },
    },
    {
      traceId,
      spanId: hex(i * 2 + 2, 16),
      parentSpanId: hex(i * 2 + 1, 16),
      name: "SELECT payments",
      kind: 3,
      startTimeUnixNano: String(BigInt(base + i * 60_000 + 2) * 1_000_000n),
      endTimeUnixNano: String(BigInt(base + i * 60_000 + 12) * 1_000_000n),
      attributes: [{ key: "db.system", value: { stringValue: "postgresql" } }],
      events: [
        {
          timeUnixNano: String(BigInt(base + i * 60_000 + 5) * 1_000_000n),
          name: "rows fetched",
          attributes: [{ key: "rows", value: { intValue: "12" } }],
        },
      ],
    },
  ]);
  const request = JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
        scopeSpans: [{ spans }],
      },
    ],
  });
  await ingestOtlpJson(systemCtx("test"), request);
  const window = { from: new Date(base).toISOString(), to: new Date(base + 10 * 60_000).toISOString() };
  return { service, traceIds, window };
}

describe("trace search", () => {
  it("finds traces by service, status, duration and attribute, newest first, page by page", async () => {
    const { service, traceIds, window } = await seed();
    const all = await searchTraces(viewer, { service, ...window });
    expect(all.items.map((item) => item.traceId)).toEqual([...traceIds].reverse());
    expect(all.items[0]).toMatchObject({
      rootService: service,
      rootOperation: "POST /v1/payments",
      spanCount: 2,
      error: false,
      durationMs: 20,
    });

    expect(
      (await searchTraces(viewer, { service, status: "error", ...window })).items.map((item) => item.traceId),
    ).toEqual([traceIds[3]]);
    expect(
      (await searchTraces(viewer, { service, minDurationMs: 500, ...window })).items.map((item) => item.traceId),
    ).toEqual([traceIds[3]]);
    expect(
      (await searchTraces(viewer, { service, attr: "tenant.id:tenant-1", ...window })).items.map(
        (item) => item.traceId,
      ),
    ).toEqual([traceIds[3], traceIds[1]]);
    expect((await searchTraces(viewer, { service, attr: "db.system:postgresql", ...window })).items).toHaveLength(5);
    expect(
      (await searchTraces(viewer, { service, operation: "SELECT payments", maxDurationMs: 5, ...window })).items,
    ).toHaveLength(0);

    const first = await searchTraces(viewer, { service, limit: 2, ...window });
    const second = await searchTraces(viewer, { service, limit: 2, cursor: first.nextCursor ?? undefined, ...window });
    const third = await searchTraces(viewer, { service, limit: 2, cursor: second.nextCursor ?? undefined, ...window });
    expect([...first.items, ...second.items, ...third.items].map((item) => item.traceId)).toEqual(
      [...traceIds].reverse(),
    );
    expect(third.nextCursor).toBeNull();
  });

  it("returns a whole trace with attributes (promoted ones included), events and resource", async () => {
    const { service, traceIds } = await seed();
    const trace = await getTrace(viewer, traceIds[3].toUpperCase());
    expect(trace.traceId).toBe(traceIds[3]);
    expect(trace.spans.map((span) => [span.name, span.parentSpanId === null])).toEqual([
      ["POST /v1/payments", true],
      ["SELECT payments", false],
    ]);
    expect(trace.spans[0]).toMatchObject({
      service,
      kind: 2,
      durationMs: 900,
      status: { code: 2 },
      attributes: expect.arrayContaining([
        { key: "http.route", value: { stringValue: "/v1/payments" } },
        { key: "tenant.id", value: { stringValue: "tenant-1" } },
      ]),
      resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
    });
    expect(trace.spans[1].events).toEqual([
      {
        name: "rows fetched",
        timeUnixNano: expect.any(String),
        time: expect.any(String),
        attributes: [{ key: "rows", value: { intValue: "12" } }],
      },
    ]);
    await expect(getTrace(viewer, "f".repeat(32))).rejects.toMatchObject({ code: "not_found" });
    await expect(getTrace(viewer, "xyz")).rejects.toMatchObject({ code: "bad_request" });
  });

  it("refuses bad filters with the field and reason", async () => {
    await expect(searchTraces(viewer, { status: "broken" as never })).rejects.toThrow(
      /^status: must be error, ok or unset/,
    );
    await expect(searchTraces(viewer, { attr: "novalue" })).rejects.toThrow(/^attr: must be key:value/);
    await expect(searchTraces(viewer, { cursor: "abc" })).rejects.toThrow(/^cursor: is not a cursor/);
  });
});

describe("trace search parameters", () => {
  it("refuses the issue's values with a 400 naming the field", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ cursor: "99999999999999999999:fff" }, /^cursor: is not a cursor from this API$/],
      [{ cursor: `99999999999999999999:${"f".repeat(32)}` }, /^cursor: is not a cursor from this API$/],
      [{ minDurationMs: "1e15" }, /^minDurationMs: must be a number from 0 to /],
      [{ maxDurationMs: "99999999999999999999" }, /^maxDurationMs: must be a number from 0 to /],
      [{ service: "a\0b" }, /^service: must not contain NUL characters$/],
      [{ attr: "k:v\0x" }, /^attr: must not contain NUL characters$/],
      [{ operation: "\uD800" }, /^operation: must be valid Unicode \(no lone surrogates\)/],
      [{ from: "0001-01-01T00:00:00Z" }, /^from: must be between 1970 and 9999$/],
      [{ limit: "1e2" }, /^limit: must be a whole number from 1 to 200$/],
    ];
    for (const [input, message] of cases) {
      await expect(searchTraces(viewer, input as never), JSON.stringify(input)).rejects.toMatchObject({
        code: "bad_request",
        message: expect.stringMatching(message),
      });
    }
  });

  it("pages through traces whose last spans differ by microseconds only", async () => {
    const service = uniqueName("micros");
    const base = BigInt(Math.floor((Date.now() - 3 * 86_400_000) / 1000) * 1000) * 1_000_000n;
    // Three traces inside one millisecond: a cursor rounded to milliseconds skips the older two.
    const spans = [300n, 200n, 100n].map((micros, i) => ({
      traceId: hex(i + 1, 32),
      spanId: hex(i + 1, 16),
      name: "GET /",
      kind: 2,
      startTimeUnixNano: String(base + micros * 1000n),
      endTimeUnixNano: String(base + micros * 1000n + 1_000_000n),
      status: { code: 1 },
    }));
    const request = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
          scopeSpans: [{ spans }],
        },
      ],
    });
    await ingestOtlpJson(systemCtx("test"), request);
    const window = {
      from: new Date(Number(base / 1_000_000n) - 1000).toISOString(),
      to: new Date(Number(base / 1_000_000n) + 1000).toISOString(),
    };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchTraces(viewer, { service, limit: 1, cursor, ...window });
      seen.push(...page.items.map((item) => item.traceId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && seen.length < 5);
    expect(seen).toEqual([hex(1, 32), hex(2, 32), hex(3, 32)]);
  });
});

describe("trace search order, roots, errors and durations", () => {
  const ns = (ms: number) => String(BigInt(Math.round(ms * 1000)) * 1000n);
  type SpanSpec = { trace: number; span: number; parent?: number; at: number; ms: number; error?: string | null };

  /** Traces of a service of their own, from span specs (times in ms from a base three days ago). */
  async function seedSpans(specs: SpanSpec[]) {
    const service = uniqueName("order");
    const base = Math.floor((Date.now() - 3 * 86_400_000 - Math.random() * 86_400_000) / 60_000) * 60_000;
    const salt = hex(Math.floor(Math.random() * 2 ** 32), 8);
    const traceId = (n: number) => hex(n, 24) + salt;
    const spans = specs.map((spec) => ({
      traceId: traceId(spec.trace),
      spanId: hex(spec.span, 16),
      parentSpanId: spec.parent ? hex(spec.parent, 16) : "",
      name: `op-${spec.span}`,
      kind: 2,
      startTimeUnixNano: ns(base + spec.at),
      endTimeUnixNano: ns(base + spec.at + spec.ms),
      status: spec.error === undefined ? { code: 1 } : { code: 2, message: spec.error ?? "" },
    }));
    await ingestOtlpJson(
      systemCtx("test"),
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
            scopeSpans: [{ spans }],
          },
        ],
      }),
    );
    const window = { from: new Date(base - 1000).toISOString(), to: new Date(base + 60_000).toISOString() };
    return { service, traceId, window };
  }

  const SPECS: SpanSpec[] = [
    // Trace 1: 30 ms, 3 spans, the first failure has no message, the second says why.
    { trace: 1, span: 1, at: 0, ms: 30 },
    { trace: 1, span: 2, parent: 1, at: 2, ms: 5, error: null },
    { trace: 1, span: 3, parent: 1, at: 10, ms: 15, error: "card declined" },
    // Trace 2: its root never arrived; the earliest span received is op-5.
    { trace: 2, span: 5, parent: 4, at: 1000, ms: 7.5 },
    { trace: 2, span: 6, parent: 4, at: 1001, ms: 2 },
    // Traces 3 and 4 last exactly as long: the trace id orders them.
    { trace: 3, span: 7, at: 2000, ms: 12 },
    { trace: 4, span: 8, at: 3000, ms: 12 },
    // Trace 5: 0.25 ms, the shortest.
    { trace: 5, span: 9, at: 4000, ms: 0.25 },
  ];

  it("gives each trace its span count, first error message and root, or its earliest span when the root is missing", async () => {
    const { service, traceId, window } = await seedSpans(SPECS);
    const { items } = await searchTraces(viewer, { service, ...window });
    const byId = new Map(items.map((item) => [item.traceId, item]));
    expect(byId.get(traceId(1))).toMatchObject({
      rootService: service,
      rootOperation: "op-1",
      rootMissing: false,
      spanCount: 3,
      durationMs: 30,
      error: true,
      errorMessage: "card declined",
    });
    expect(byId.get(traceId(2))).toMatchObject({
      rootService: service,
      rootOperation: "op-5",
      rootMissing: true,
      spanCount: 2,
      durationMs: 7.5,
      error: false,
      errorMessage: null,
    });
    expect(byId.get(traceId(5))?.durationMs).toBe(0.25);
  });

  it("sorts by duration and by start both ways, stably, across pages", async () => {
    const { service, traceId, window } = await seedSpans(SPECS);
    const order = async (sort: string, limit: number) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await searchTraces(viewer, { service, sort: sort as never, limit, cursor, ...window });
        seen.push(...page.items.map((item) => item.traceId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && seen.length < 20);
      return seen;
    };
    const [t1, t2, t3, t4, t5] = [1, 2, 3, 4, 5].map(traceId);
    const slowest = [t1, t4, t3, t2, t5];
    for (const limit of [1, 2, 50]) {
      expect(await order("-duration", limit), `-duration by ${limit}`).toEqual(slowest);
      expect(await order("duration", limit), `duration by ${limit}`).toEqual([...slowest].reverse());
      expect(await order("-start", limit), `-start by ${limit}`).toEqual([t5, t4, t3, t2, t1]);
      expect(await order("start", limit), `start by ${limit}`).toEqual([t1, t2, t3, t4, t5]);
    }
    const durations = (await searchTraces(viewer, { service, sort: "-duration", ...window })).items.map(
      (item) => item.durationMs,
    );
    expect(durations).toEqual([30, 12, 12, 7.5, 0.25]);
  });

  it("refuses a sort it does not know and a cursor of another order", async () => {
    await expect(searchTraces(viewer, { sort: "name" as never })).rejects.toThrow(
      /^sort: must be one of -start, start/,
    );
    const { service, window } = await seedSpans(SPECS);
    const page = await searchTraces(viewer, { service, sort: "-duration", limit: 1, ...window });
    expect(page.nextCursor).toMatch(/^d\d+:/);
    await expect(
      searchTraces(viewer, { service, sort: "-start", cursor: page.nextCursor ?? "", ...window }),
    ).rejects.toThrow(/^cursor: is a cursor of another sort order/);
    await expect(
      searchTraces(viewer, { sort: "-duration", cursor: `d${"9".repeat(19)}:${"f".repeat(32)}` }),
    ).rejects.toThrow(/^cursor: is not a cursor from this API/);
  });

  it("counts the matching spans by log-spaced duration buckets, whatever the duration range", async () => {
    const { service, window } = await seedSpans(SPECS);
    const histogram = await spanDurationHistogram(viewer, {
      service,
      minDurationMs: 100,
      maxDurationMs: 200,
      ...window,
    });
    expect(histogram.total).toBe(SPECS.length);
    const bucketOf = (ms: number) => histogram.buckets.find((b) => b.fromMs <= ms && (b.toMs === null || ms < b.toMs));
    expect(histogram.buckets[0]).toEqual({ fromMs: 0.2, toMs: 0.5, count: 1 });
    expect(histogram.buckets.at(-1)).toEqual({ fromMs: 20, toMs: 50, count: 1 });
    expect(bucketOf(12)).toEqual({ fromMs: 10, toMs: 20, count: 3 });
    expect(bucketOf(7.5)).toEqual({ fromMs: 5, toMs: 10, count: 2 });
    expect(bucketOf(2)).toEqual({ fromMs: 2, toMs: 5, count: 1 });
    expect(bucketOf(1)).toEqual({ fromMs: 1, toMs: 2, count: 0 });
    expect(histogram.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(SPECS.length);
    const errors = await spanDurationHistogram(viewer, { service, status: "error", ...window });
    expect(errors.buckets).toEqual([
      { fromMs: 5, toMs: 10, count: 1 },
      { fromMs: 10, toMs: 20, count: 1 },
    ]);
  });
});

describe("sorting by duration", () => {
  it("refuses, naming sort, a window with more matching traces than it sorts, and sorts one at the cap", async () => {
    const service = uniqueName("many");
    const base = Math.floor((Date.now() - 2 * 86_400_000 - Math.random() * 86_400_000) / 60_000) * 60_000;
    const salt = hex(Math.floor(Math.random() * 2 ** 32), 8);
    const spans = Array.from({ length: MAX_DURATION_SORTED + 1 }, (_, i) => ({
      traceId: hex(i, 24) + salt,
      spanId: hex(i + 1, 16),
      name: "GET /",
      kind: 2,
      startTimeUnixNano: String(BigInt(base + (i % 50_000)) * 1_000_000n),
      endTimeUnixNano: String(BigInt(base + (i % 50_000)) * 1_000_000n + BigInt(i + 1) * 1000n),
    }));
    const resource = { attributes: [{ key: "service.name", value: { stringValue: service } }] };
    await ingestOtlpJson(systemCtx("test"), JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] }));
    const window = { from: new Date(base).toISOString(), to: new Date(base + 60_000).toISOString() };
    await expect(searchTraces(viewer, { service, sort: "-duration", ...window })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/^sort: by duration needs at most 20,000 matching traces/),
    });
    // The last span starts at the window's last millisecond: one less fits under the cap.
    const narrower = { ...window, to: new Date(base + MAX_DURATION_SORTED).toISOString() };
    const page = await searchTraces(viewer, { service, sort: "-duration", limit: 2, ...narrower });
    expect(page.items.map((item) => item.durationMs)).toEqual([20, 19.999]);
  }, 120_000);
});
