import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeProtobuf, normalise, UndecodableError } from "./decode";
import { EVERY_TIME, type TimeWindow } from "./span-rules";
import { RequestType } from "./proto";
import { syntheticRequest } from "./synthetic";
import { comparable } from "./test-copy-rows";
import { mutate } from "./test-mutations";
import { decodeProtobufCopy } from "./wire-copy";
import { spanRows, useSpanRows } from "./span-rows";
import { systemCtx } from "@/lib/context";
import { attributeKeys, registerAttributeKeys } from "@/lib/traces/attribute-keys";
import { encodeSpans } from "@/lib/traces/encode-spans";
import { seededRandom } from "@/test/seeded-random";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name));

// Spans of the synthetic requests (2026-11-24) are late by this; some of the edge cases are not.
const LATE_BEFORE = BigInt(Date.UTC(2026, 10, 27)) * 1_000_000n;

/** decodeProtobufCopy's result the slow way: the generic reader, the normaliser, lib's encodeSpans. */
function reference(body: Uint8Array, window: TimeWindow) {
  const decoded = decodeProtobuf(body, window);
  return {
    ...encodeSpans(decoded.spans, attributeKeys(), LATE_BEFORE),
    rejected: decoded.rejected,
    reasons: decoded.reasons,
  };
}

/** Both ways give the same rows, or both find the body undecodable. */
function expectSameAsReference(body: Uint8Array, window = EVERY_TIME): void {
  let expected: ReturnType<typeof reference> | "undecodable";
  try {
    expected = reference(body, window);
  } catch (err) {
    if (!(err instanceof UndecodableError)) throw err;
    expected = "undecodable";
  }
  if (expected === "undecodable") {
    expect(() => decodeProtobufCopy(body, attributeKeys(), window)).toThrow(UndecodableError);
    return;
  }
  const fast = decodeProtobufCopy(body, attributeKeys(), window, LATE_BEFORE);
  expect(comparable(fast)).toEqual(comparable(expected));
}

/** Spans of the shapes the WebAssembly writer takes, with the escapes and value types it must get right. */
function edgeCaseRequest(atMs: number): Uint8Array {
  const start = BigInt(atMs) * 1_000_000n;
  const id = (n: number, bytes: number) => Buffer.alloc(bytes, n);
  const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const int = (key: string, value: number | string) => ({ key, value: { intValue: value } });
  const bool = (key: string, value: boolean) => ({ key, value: { boolValue: value } });
  const cases: {
    name: string;
    attributes: object[];
    parent?: Buffer;
    status?: object;
    traceState?: string;
    flags?: number;
    end?: string;
    events?: object[];
    links?: object[];
  }[] = [
    {
      name: String.raw`GET /a\b "quoted" ~{}[]`,
      attributes: [str("app.note", String.raw`say "hi" \ back\slash`), str("app.empty", ""), { key: "app.none" }],
    },
    {
      name: "ints",
      attributes: [
        int("app.n", -42),
        int("app.big", "9007199254740993"),
        int("app.min", "-9223372036854775808"),
        int("app.max", "9007199254740991"),
        bool("app.yes", true),
        bool("app.no", false),
      ],
    },
    {
      name: "status codes",
      attributes: [
        bool("http.response.status_code", true),
        str("db.system", "mysql"),
        str("db.system.name", "postgresql"),
        int("peer.service", 7),
      ],
      parent: id(3, 8),
    },
    {
      name: "old status name",
      attributes: [int("http.status_code", 404), int("http.response.status_code", -1), bool("vigil.feature", false)],
      status: { code: 2, message: String.raw`bad \ thing` },
    },
    {
      name: "string status",
      attributes: [str("http.response.status_code", "503"), str("http.route", "/r/{id}")],
      traceState: "ot=th:8",
      flags: 0x80000101,
    },
    {
      name: "repeated keys",
      attributes: [
        str("app.k", "one"),
        str("app.k", "two"),
        str("vigil.feature", "first"),
        str("vigil.feature", "second"),
      ],
    },
    { name: "no attributes", attributes: [], parent: Buffer.alloc(0) },
    { name: "double", attributes: [{ key: "app.ratio", value: { doubleValue: 0.25 } }] },
    { name: "feature null", attributes: [{ key: "vigil.feature", value: {} }, int("http.response.status_code", 201)] },
    // Values cut or left out to fit the columns and the rollups' keys.
    {
      name: "n".repeat(600),
      attributes: [int("http.response.status_code", "2147483648"), str("vigil.feature", "f".repeat(200))],
    },
    {
      name: "status at the int limit",
      attributes: [int("http.response.status_code", "2147483647"), str("vigil.feature", "f".repeat(128))],
    },
    { name: "ends past 2262", attributes: [], end: (2n ** 64n - 1n).toString() },
    // Promoted attributes a column does not give back exactly stay in the stored attributes too.
    { name: "db.system alone", attributes: [str("db.system", "postgresql"), str("peer.service", "pg")] },
    { name: "new db name", attributes: [str("db.system.name", "postgresql")] },
    { name: "old status name alone", attributes: [int("http.status_code", 200)] },
    { name: "status as text", attributes: [str("http.response.status_code", "200"), int("http.route", 5)] },
    { name: "feature as the resource's", attributes: [str("vigil.feature", "resource-feature")] },
    { name: "feature of its own", attributes: [str("vigil.feature", "checkout"), bool("db.system", true)] },
    { name: "status zero", attributes: [int("http.response.status_code", 0), int("app.n", 1)] },
    // Every other type: handed back to JavaScript, stored with its type.
    {
      name: "every type",
      attributes: [
        { key: "app.whole", value: { doubleValue: 3 } },
        { key: "app.nan", value: { doubleValue: NaN } },
        { key: "app.inf", value: { doubleValue: -Infinity } },
        { key: "app.bytes", value: { bytesValue: Buffer.from([0, 1, 254, 255]) } },
        { key: "app.list", value: { arrayValue: { values: [{ intValue: 1 }, { doubleValue: 2 }, {}] } } },
        { key: "app.map", value: { kvlistValue: { values: [str("z", "last"), int("a", "-9223372036854775808")] } } },
        { key: "http.route", value: { bytesValue: Buffer.from("/r") } },
      ],
    },
    {
      name: "events and links",
      attributes: [str("http.route", "/e")],
      events: [
        { timeUnixNano: (start + 5n).toString(), name: "first", attributes: [{ key: "n", value: { doubleValue: 1 } }] },
        { timeUnixNano: "0", name: "", attributes: [] },
      ],
      links: [
        { traceId: id(9, 16), spanId: id(9, 8), traceState: "k=v", flags: 0x301, attributes: [int("big", "2")] },
        { traceId: id(8, 16), spanId: id(8, 8) },
      ],
    },
  ];
  const spans = cases.map((c, i) => ({
    traceId: id(i + 1, 16),
    spanId: id(i + 1, 8),
    parentSpanId: c.parent,
    name: c.name,
    kind: i % 6,
    startTimeUnixNano: (start + BigInt(i) * 86_400_000_000_000n + 123_456_789n).toString(),
    endTimeUnixNano: c.end ?? (start + BigInt(i) * 86_400_000_000_000n + 987_654_321n).toString(),
    attributes: c.attributes,
    status: c.status,
    traceState: c.traceState,
    flags: c.flags,
    events: c.events,
    links: c.links,
  }));
  const resource = {
    attributes: [
      str("service.name", "edge"),
      str("deployment.environment.name", String.raw`pr\od`),
      str("vigil.feature", "resource-feature"),
    ],
  };
  return RequestType.encode(
    RequestType.fromObject({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: "edge" }, spans }] }] }),
  ).finish();
}

/** The same result with the WebAssembly span writer as with JavaScript alone: the same bytes. */
function expectSameWithoutWasm(body: Uint8Array): void {
  const outcome = (on: boolean) => {
    useSpanRows(on);
    try {
      const decoded = decodeProtobufCopy(body, attributeKeys(), EVERY_TIME, LATE_BEFORE);
      return {
        ...decoded,
        rows: Buffer.from(decoded.rows).toString("latin1"),
        days: [...decoded.days].sort(),
        lateMinutes: [...decoded.lateMinutes].sort(),
        newKeys: [...decoded.newKeys].sort(),
        origins: [...decoded.origins.keys()],
      };
    } catch (err) {
      if (!(err instanceof UndecodableError)) throw err;
      return err.message;
    } finally {
      useSpanRows(true);
    }
  };
  expect(outcome(true)).toEqual(outcome(false));
}

describe("the protobuf wire reader", () => {
  it("decodes exactly what protobufjs decodes", () => {
    const bodies = [
      fixture("trace.protobuf-bin"),
      ...Array.from({ length: 20 }, (_, i) => syntheticRequest(200, Date.UTC(2026, 10, 24), i)),
    ];
    for (const body of bodies) {
      const reference = normalise(RequestType.decode(body) as never, "protobuf");
      expect(decodeProtobuf(body)).toEqual(reference);
    }
  });

  it("writes protobuf straight into COPY rows exactly as the generic reader and normaliser do, for 25,000 mutated bodies too", () => {
    const seeds = [
      fixture("trace.protobuf-bin"),
      syntheticRequest(20, Date.UTC(2026, 10, 24), 1),
      syntheticRequest(5, Date.UTC(2026, 10, 24), 2),
    ];
    for (const body of [
      ...seeds,
      ...Array.from({ length: 10 }, (_, i) => syntheticRequest(300, Date.UTC(2026, 10, 24), i)),
    ])
      expectSameAsReference(body);
    // Spans outside the time window are left out and counted, not stored.
    const at = BigInt(Date.UTC(2026, 10, 24)) * 1_000_000n;
    const narrow = { oldestNs: at + 20_000_000n, newestNs: at + 40_000_000n };
    const decoded = decodeProtobufCopy(syntheticRequest(300, Date.UTC(2026, 10, 24), 3), attributeKeys(), narrow);
    expect(decoded.count).toBeGreaterThan(0);
    expect(decoded.tooOld + decoded.tooNew).toBeGreaterThan(0);
    expectSameAsReference(syntheticRequest(300, Date.UTC(2026, 10, 24), 3), narrow);
    const next = seededRandom(20261125);
    for (let i = 0; i < 25_000; i++) expectSameAsReference(mutate(seeds[i % seeds.length], next));
  }, 120_000);

  it("writes the same rows with the WebAssembly span writer as without it, for 25,000 mutated bodies too", async () => {
    const at = Date.UTC(2026, 10, 24);
    const seeds = [
      fixture("trace.protobuf-bin"),
      syntheticRequest(20, at, 1),
      syntheticRequest(5, at, 2),
      edgeCaseRequest(at),
    ];
    // With ids in the dictionary, as in a running receiver, spans of the common shape take the
    // WebAssembly path; keys without an id keep a span on the JavaScript path.
    const newKeys = new Set(
      seeds.flatMap((body) => [...decodeProtobufCopy(body, attributeKeys(), EVERY_TIME).newKeys]),
    );
    await registerAttributeKeys(
      systemCtx("test"),
      [...newKeys].filter((key) => key !== "app.none"),
    );
    const rows = spanRows();
    expect(rows).not.toBeNull();
    const written = rows?.spansWritten ?? 0;
    const handedBack = rows?.spansHandedBack ?? 0;
    for (const body of [...seeds, ...Array.from({ length: 10 }, (_, i) => syntheticRequest(300, at, i))]) {
      expectSameWithoutWasm(body);
      expectSameAsReference(body);
    }
    expect((rows?.spansWritten ?? 0) - written).toBeGreaterThan(3000);
    // The edge cases: the double and the key without an id are handed back, the rest written.
    const edge = (rows?.spansHandedBack ?? 0) - handedBack;
    expect(edge).toBeGreaterThan(0);
    // Its keys cached, it takes every edge case of the common shape (13 of them), promoted
    // attributes stored beside their columns included; not the key without an id, text status
    // codes, doubles, other types, events, links, long names or invalid spans.
    const writtenBefore = rows?.spansWritten ?? 0;
    expectSameWithoutWasm(seeds[3]);
    expect((rows?.spansWritten ?? 0) - writtenBefore).toBe(13);
    const next = seededRandom(20261126);
    for (let i = 0; i < 25_000; i++) {
      const body = mutate(seeds[i % seeds.length], next);
      expectSameWithoutWasm(body);
      if (i % 10 === 0) expectSameAsReference(body);
    }
  }, 180_000);
});
