import { seededRandom } from "@/test/seeded-random";
import type { Json } from "./test-requests";

// Adversarial values for the receiver's fuzz test (adversarial.test.ts): the largest, smallest,
// empty, malformed, NUL, lone-surrogate and wrong-typed values of each span, resource and scope
// field, drawn from one seeded random so a failing case can be replayed.

const next = seededRandom(20261206);
export const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
export const hexOf = (bytes: number) =>
  Array.from({ length: bytes }, () =>
    Math.floor(next() * 256)
      .toString(16)
      .padStart(2, "0"),
  ).join("");

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
export type Target = "span" | "resource" | "scope";
export interface Field {
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
export const FIELDS: Field[] = [
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
