import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { roleCtx, uniqueName } from "@/test/factories";
import { ingestOtlpJson } from "@/test/span-factory";
import { MAX_DURATION_SORTED, searchTraces } from "./search-traces";
import { spanDurationHistogram } from "./span-duration-histogram";

const viewer = roleCtx("viewer");
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

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
