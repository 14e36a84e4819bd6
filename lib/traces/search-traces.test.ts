import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { roleCtx, uniqueName } from "@/test/factories";
import { ingestOtlpJson } from "@/test/span-factory";
import { getTrace } from "./get-trace";
import { searchTraces } from "./search-traces";

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
