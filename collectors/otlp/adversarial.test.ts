import protobuf from "protobufjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { rollupSpans } from "@/lib/traces/rollup-spans";
import { usePrivateDatabase } from "@/test/private-database";
import { RequestType } from "./proto";
import { createReceiver, type Receiver } from "./receiver";
import { type Json, send } from "./test-requests";
import { seededRandom } from "@/test/seeded-random";

// A seeded fuzz of every field of a span, its resource and its scope with adversarial values
// (largest, smallest, empty, malformed, NUL, lone surrogates, invalid UTF-8, overflowing
// varints, wrong types), over JSON and protobuf, each in a request with good spans beside it.
// Whatever the value, the answer is not a 5xx, the good spans are stored, and the rollups still
// run over all of it. A database of this file's own, so the rollup sees only these spans.

let receiver: Receiver;
let url: string;
let key: string;

beforeAll(async () => {
  await usePrivateDatabase("otlp_fuzz");
  receiver = createReceiver({ port: 0, host: "127.0.0.1", maxBodyBytes: 8 * 1024 * 1024, retentionDays: 15 });
  url = `http://127.0.0.1:${await receiver.listen()}/v1/traces`;
  key = (await createApiKey(systemCtx("test"), { name: "fuzz", scopes: ["ingest:traces"] })).key;
}, 60_000);

afterAll(() => receiver.close());

const next = seededRandom(20261206);
const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
const hexOf = (bytes: number) =>
  Array.from({ length: bytes }, () =>
    Math.floor(next() * 256)
      .toString(16)
      .padStart(2, "0"),
  ).join("");

const nowNs = () => BigInt(Date.now()) * 1_000_000n;
const DAY = 86_400_000_000_000n;

// ---- values
// Long text that does not compress: a btree key of it would be too big for the rollups.
const INCOMPRESSIBLE = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join(
  "",
);
const STRINGS = [
  "",
  "\u0000",
  "a\u0000b",
  "\u0000".repeat(64),
  "\ud800",
  "x\udfff",
  "\udc00\ud800",
  "😀",
  "\\",
  "\\u0000",
  "\"\\'",
  "\t\n\r\f\b",
  "x".repeat(70_000),
  INCOMPRESSIBLE,
  "ünïcödé",
  "ot=th:ffffffffffffff",
];
const WRONG = [0, -1, 1.5, 1e308, true, false, null, {}, [], { a: 1 }, ["x"], "12"];
const INT64S = [
  "0",
  "1",
  "-1",
  "9223372036854775807",
  "9223372036854775808",
  "18446744073709551615",
  "18446744073709551616",
  "-9223372036854775808",
  "99999999999999999999999",
  "1e3",
  "abc",
  "",
  1e30,
  -5,
  1.5,
];
const INT32S = [
  -1,
  0,
  5,
  6,
  255,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53,
  -(2 ** 31),
  99_999_999_999,
  "1",
  "x",
  1.5,
];
const IDS = (bytes: number) => [
  "",
  "00".repeat(bytes),
  "zz".repeat(bytes),
  "a".repeat(bytes * 2 - 1),
  hexOf(bytes).toUpperCase(),
  hexOf(bytes + 1),
  hexOf(bytes - 1),
  hexOf(1000),
  "0x" + hexOf(bytes - 1),
];
const TRACE_STATES = [
  "ot=th:ffffffffffffff",
  "ot=th:0",
  "ot=th:",
  "ot=th:zz",
  "ot=th:fffffffffffffff",
  "ot=th:8;rv:ffffffffffffff",
  `ot=${"th:1;".repeat(5000)}`,
  ...STRINGS,
];
const PROMOTED = [
  "http.response.status_code",
  "http.status_code",
  "http.route",
  "db.system",
  "db.system.name",
  "peer.service",
  "vigil.feature",
  "deployment.environment.name",
  "service.name",
];

function deep(depth: number): Json {
  return depth === 0 ? { stringValue: "bottom" } : { arrayValue: { values: [deep(depth - 1)] } };
}

/** An AnyValue of every kind, with the wrong types and edges of each. */
function anyValue(): unknown {
  switch (Math.floor(next() * 12)) {
    case 0:
      return { stringValue: pick([...STRINGS, ...WRONG]) };
    case 1:
      return { intValue: pick([...INT64S, ...WRONG]) };
    case 2:
      return { doubleValue: pick(["NaN", "Infinity", "-Infinity", "1e400", 1e308, -0, 5e-324, ...WRONG]) };
    case 3:
      return { boolValue: pick(WRONG) };
    case 4:
      return {
        arrayValue: pick([
          { values: [{ stringValue: "\u0000" }, { intValue: "18446744073709551615" }, {}] },
          { values: "x" },
          { values: [null, 5] },
          null,
          5,
        ]),
      };
    case 5:
      return {
        kvlistValue: pick([
          { values: [{ key: "\u0000", value: { stringValue: "\ud800" } }, { key: 5 }] },
          { values: "x" },
          null,
        ]),
      };
    case 6:
      return { bytesValue: pick(["!!not base64", "", "AAAA", 5, {}, [1, 2, 300], null]) };
    case 7:
      return deep(pick([8, 9, 50]));
    case 8:
      return pick([{}, null, 5, "x", { stringValue: "a", intValue: "1" }, { value: "stringValue" }]);
    case 9:
      return { intValue: pick(["99999999999", "2147483648", "-1", "0", "9223372036854775807"]) };
    default:
      return { stringValue: pick(STRINGS) };
  }
}

function attributes(): unknown {
  if (next() < 0.08) return pick(WRONG);
  if (next() < 0.05) return Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }));
  return Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
    next() < 0.1 ? pick(WRONG) : { key: pick([...PROMOTED, ...STRINGS, ...WRONG]), value: anyValue() },
  );
}

// ---- fields: each sets one field of a span, resource or scope to an adversarial value
type Target = "span" | "resource" | "scope";
interface Field {
  target: Target;
  name: string;
  set(into: Json, startNs: bigint): void;
}

const spanField = (name: string, values: () => unknown): Field => ({
  target: "span",
  name,
  set: (span) => void (span[name] = values()),
});
/** A span timestamp: any int64, a wrong type, or a time relative to the span's start. */
const timeField = (name: string, near: (start: bigint) => bigint[]): Field => ({
  target: "span",
  name,
  set: (span, start) => void (span[name] = pick([...INT64S, ...WRONG, ...near(start).map(String)])),
});
const FIELDS: Field[] = [
  spanField("traceId", () => pick([...IDS(16), ...WRONG])),
  spanField("spanId", () => pick([...IDS(8), ...WRONG])),
  spanField("parentSpanId", () => pick([...IDS(8), ...WRONG])),
  spanField("traceState", () => pick([...TRACE_STATES, ...WRONG])),
  spanField("flags", () => pick([...INT32S, ...WRONG])),
  spanField("name", () => pick([...STRINGS, ...WRONG])),
  spanField("kind", () => pick([...INT32S, ...WRONG, "SPAN_KIND_SERVER"])),
  timeField("startTimeUnixNano", (start) => [start - 16n * DAY, start + 2n * DAY, start - DAY / 12n]),
  timeField("endTimeUnixNano", (start) => [start - 1n, start + 2n * DAY, start + DAY, 2n ** 63n - 1n]),
  spanField("attributes", attributes),
  spanField("droppedAttributesCount", () => pick([...INT32S, ...WRONG])),
  spanField("events", () =>
    next() < 0.1
      ? pick(WRONG)
      : [
          {
            timeUnixNano: pick([...INT64S, ...WRONG]),
            name: pick([...STRINGS, ...WRONG]),
            attributes: attributes(),
            droppedAttributesCount: pick(INT32S),
          },
          pick([null, 5, {}]),
        ],
  ),
  spanField("droppedEventsCount", () => pick([...INT32S, ...WRONG])),
  spanField("links", () =>
    next() < 0.1
      ? pick(WRONG)
      : [
          {
            traceId: pick([...IDS(16), ...WRONG]),
            spanId: pick([...IDS(8), ...WRONG]),
            traceState: pick([...TRACE_STATES, ...WRONG]),
            attributes: attributes(),
            flags: pick(INT32S),
            droppedAttributesCount: pick(INT32S),
          },
          pick([null, 5, {}]),
        ],
  ),
  spanField("droppedLinksCount", () => pick([...INT32S, ...WRONG])),
  spanField("status", () =>
    next() < 0.2 ? pick(WRONG) : { code: pick([...INT32S, ...WRONG, 2]), message: pick([...STRINGS, ...WRONG]) },
  ),
  { target: "resource", name: "attributes", set: (resource) => void (resource.attributes = attributes()) },
  {
    target: "resource",
    name: "service.name",
    set: (resource) =>
      void (resource.attributes = [
        { key: "service.name", value: anyValue() },
        { key: "deployment.environment.name", value: anyValue() },
        { key: "vigil.feature", value: anyValue() },
      ]),
  },
  {
    target: "resource",
    name: "droppedAttributesCount",
    set: (resource) => void (resource.droppedAttributesCount = pick([...INT32S, ...WRONG])),
  },
  { target: "scope", name: "name", set: (scope) => void (scope.name = pick([...STRINGS, ...WRONG])) },
  { target: "scope", name: "version", set: (scope) => void (scope.version = pick([...STRINGS, ...WRONG])) },
  { target: "scope", name: "attributes", set: (scope) => void (scope.attributes = attributes()) },
  {
    target: "scope",
    name: "droppedAttributesCount",
    set: (scope) => void (scope.droppedAttributesCount = pick([...INT32S, ...WRONG])),
  },
];

// ---- protobuf the JSON form can not say: invalid UTF-8 and varints out of every range,
// appended to a message (the last occurrence of a field wins).
const varint = (value: bigint) => {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    bytes.push(Number(rest & 0x7fn) | (rest > 0x7fn ? 0x80 : 0));
    rest >>= 7n;
  } while (rest > 0n);
  return Buffer.from(bytes);
};
const tag = (field: number, wireType: number) => varint(BigInt((field << 3) | wireType));
const delimited = (field: number, body: Buffer) => Buffer.concat([tag(field, 2), varint(BigInt(body.length)), body]);
const fixed64 = (field: number, value: bigint) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt.asUintN(64, value));
  return Buffer.concat([tag(field, 1), bytes]);
};
const NOT_UTF8 = [
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0x00],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0x61, 0xfe, 0x62],
].map((bytes) => Buffer.from(bytes));
const BIG_VARINTS = [2n ** 64n - 1n, 2n ** 63n, 2n ** 35n, 2n ** 32n, 2n ** 31n, 99_999_999_999n];
const keyValue = (key: Buffer, value: Buffer) => Buffer.concat([delimited(1, key), delimited(2, value)]);

function rawTail(target: Target): Buffer {
  const text = pick(NOT_UTF8);
  const big = pick(BIG_VARINTS);
  if (target === "resource")
    return pick([
      delimited(1, keyValue(Buffer.from("service.name"), delimited(1, text))),
      delimited(1, keyValue(text, Buffer.concat([tag(3, 0), varint(big)]))),
      Buffer.concat([tag(2, 0), varint(big)]),
    ]);
  if (target === "scope")
    return pick([
      delimited(1, text),
      delimited(2, text),
      Buffer.concat([tag(4, 0), varint(big)]),
      delimited(3, keyValue(text, delimited(1, text))),
    ]);
  return pick([
    delimited(5, text), // name
    delimited(3, text), // trace_state
    Buffer.concat([tag(6, 0), varint(big)]), // kind
    delimited(15, Buffer.concat([tag(3, 0), varint(big), delimited(2, text)])), // status
    delimited(9, keyValue(text, delimited(1, text))), // an attribute
    delimited(9, keyValue(Buffer.from("http.response.status_code"), Buffer.concat([tag(3, 0), varint(big)]))),
    delimited(9, keyValue(Buffer.from("app.int"), Buffer.concat([tag(3, 0), varint(big)]))),
    delimited(11, Buffer.concat([fixed64(1, big), delimited(2, text)])), // an event
    delimited(
      13,
      Buffer.concat([delimited(1, Buffer.alloc(16, 1)), delimited(2, Buffer.alloc(8, 2)), delimited(3, text)]),
    ), // a link
    Buffer.concat([tag(10, 0), varint(big)]), // dropped counts
    Buffer.concat([tag(12, 0), varint(big)]),
    fixed64(8, big), // end time
    Buffer.concat([tag(16, 5), Buffer.from([0xff, 0xff, 0xff, 0xff])]), // flags
  ]);
}

// ---- requests: good spans in a clean resource before and after, and one beside the bad one
const types = {
  span: RequestType.root.lookupType("opentelemetry.proto.Span"),
  resource: RequestType.root.lookupType("opentelemetry.proto.Resource"),
  scope: RequestType.root.lookupType("opentelemetry.proto.InstrumentationScope"),
};

interface Scoped {
  resource: Json;
  scope: Json;
  spans: Json[];
  tails?: Partial<Record<Target, Buffer>>;
}

const goodSpan = (name: string, at: bigint): Json => ({
  traceId: hexOf(16),
  spanId: hexOf(8),
  name,
  kind: 2,
  startTimeUnixNano: String(at),
  endTimeUnixNano: String(at + 1_000_000n),
});
const cleanResource = () => ({ attributes: [{ key: "service.name", value: { stringValue: "fuzz-good" } }] });

/** The OTLP JSON form as protobufjs takes it (ids as bytes); throws for what protobuf can not hold. */
function protobufObject(value: unknown, key = ""): unknown {
  if ((key === "traceId" || key === "spanId" || key === "parentSpanId") && typeof value === "string")
    return Buffer.from(value, "hex");
  if (Array.isArray(value)) return value.map((item) => protobufObject(item));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, protobufObject(v, k)]));
  return value;
}

function encodeMessage(type: protobuf.Type, value: Json, tail: Buffer | undefined): Buffer {
  const object = type.fromObject(protobufObject(value) as Json);
  return Buffer.concat([type.encode(object).finish(), tail ?? Buffer.alloc(0)]);
}

/** A request as protobuf, each message encoded by protobufjs and the raw tails appended. */
function asProtobuf(groups: Scoped[], badIndex: number): Buffer {
  const parts = groups.map((group) => {
    const tails = group.tails ?? {};
    const spans = group.spans.map((span, i) =>
      delimited(2, encodeMessage(types.span, span, i === badIndex ? tails.span : undefined)),
    );
    const scopeSpans = delimited(
      2,
      Buffer.concat([delimited(1, encodeMessage(types.scope, group.scope, tails.scope)), ...spans]),
    );
    return delimited(
      1,
      Buffer.concat([delimited(1, encodeMessage(types.resource, group.resource, tails.resource)), scopeSpans]),
    );
  });
  return Buffer.concat(parts);
}

const asJson = (groups: Scoped[]) => ({
  resourceSpans: groups.map((group) => ({
    resource: group.resource,
    scopeSpans: [{ scope: group.scope, spans: group.spans }],
  })),
});

async function storedCount(spanIds: string[]): Promise<number> {
  const { rows } = await pool().query(`SELECT count(*)::int AS n FROM span WHERE span_id = ANY($1::bytea[])`, [
    spanIds.map((id) => `\\x${id}`),
  ]);
  return rows[0].n;
}

const CASES = 240;

describe("adversarial values in every field, over JSON and protobuf", () => {
  it(`answers ${CASES} requests of each encoding with no 5xx, stores every good span beside the bad values, and the rollups still run`, async () => {
    const started = Date.now();
    const statuses = new Map<string, number>();
    let protobufCases = 0;
    let rawCases = 0;
    for (let i = 0; i < CASES; i++) {
      const field = FIELDS[i % FIELDS.length];
      const now = nowNs();
      const bad = goodSpan(`bad ${field.target}.${field.name}`, now);
      const group: Scoped = {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "fuzz-bad" } }] },
        scope: { name: "fuzz", version: "1" },
        spans: [bad],
      };
      field.set(field.target === "span" ? bad : group[field.target], now);
      const beside = goodSpan("good beside", now);
      group.spans.push(beside);
      const before = goodSpan("good before", now);
      const after = goodSpan("good after", now);
      const groups: Scoped[] = [
        { resource: cleanResource(), scope: { name: "fuzz" }, spans: [before] },
        group,
        { resource: cleanResource(), scope: { name: "fuzz" }, spans: [after] },
      ];
      const label = `case ${i}: ${field.target}.${field.name} = ${JSON.stringify(field.target === "span" ? bad[field.name] : group[field.target]).slice(0, 200)}`;
      const bodies: [string, "json" | "protobuf", Json | Buffer][] = [[`${label} (json)`, "json", asJson(groups)]];
      try {
        // Fresh ids for the protobuf request: the same spans would only be duplicates.
        const again = structuredClone(groups);
        for (const span of [again[0].spans[0], again[1].spans[1], again[2].spans[0]]) span.spanId = hexOf(8);
        bodies.push([`${label} (protobuf)`, "protobuf", asProtobuf(again, 0)]);
        protobufCases += 1;
      } catch {
        // A wrong type protobufjs refuses to encode (a string where a list goes): JSON only.
      }
      // Protobuf can say what JSON can not: invalid UTF-8, varints beyond their field's range.
      const raw = structuredClone(groups);
      for (const span of [raw[0].spans[0], raw[1].spans[0], raw[1].spans[1], raw[2].spans[0]]) span.spanId = hexOf(8);
      raw[1].spans[0] = goodSpan(`raw ${field.target}`, now);
      raw[1].resource = { attributes: [{ key: "service.name", value: { stringValue: "fuzz-bad" } }] };
      raw[1].scope = { name: "fuzz" };
      raw[1].tails = { [field.target]: rawTail(field.target) };
      bodies.push([
        `case ${i}: raw ${field.target} tail ${raw[1].tails[field.target]?.toString("hex").slice(0, 80)} (protobuf)`,
        "protobuf",
        asProtobuf(raw, 0),
      ]);
      rawCases += 1;
      for (const [name, as, body] of bodies) {
        const answer = await send(url, key, body, as);
        statuses.set(`${as} ${answer.status}`, (statuses.get(`${as} ${answer.status}`) ?? 0) + 1);
        expect(answer.status, `${name}: ${answer.message.slice(0, 300)}`).toBeLessThan(500);
        expect(answer.status, `${name}: ${answer.message.slice(0, 300)}`).toBe(200);
        const groupsSent = body === bodies[0][2] ? groups : as === "protobuf" && name.includes(" raw ") ? raw : null;
        const good = (groupsSent ?? [])
          .flatMap((g) => g.spans)
          .filter((span) => String(span.name).startsWith("good"))
          .map((span) => String(span.spanId));
        if (groupsSent) expect(await storedCount(good), `${name}: good spans stored`).toBe(good.length);
      }
    }
    console.log(
      `adversarial: ${CASES} cases, ${protobufCases} also as protobuf, ${rawCases} raw protobuf, in ${Date.now() - started} ms: ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(protobufCases).toBeGreaterThan(CASES / 2);
    const ctx = systemCtx("test");
    await rollupSpans(ctx);
    // Every span stored, whatever its time: each goes through the rollup's sums.
    const { rows } = await pool().query(`SELECT min(start_time) AS "from", max(start_time) AS "to" FROM span`);
    await rollupSpans(ctx, { from: rows[0].from, to: rows[0].to });
  }, 120_000);
});
