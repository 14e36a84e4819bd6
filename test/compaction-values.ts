import type { Json } from "@/collectors/otlp/test-requests";

// Hand-written OTLP requests (JSON form) holding what the OpenTelemetry JS SDK cannot make: ints
// past 2^53 and at int64's ends, doubles written as "NaN"/"Infinity"/"-0", bytes, kvlists, nested
// arrays, empty AnyValues, strings a receiver repairs (lone surrogates), ids of unusual lengths,
// traceState and flags, and every field left out. Sent as JSON and as protobuf by test/span-day.ts.

type Random = () => number;

const hex = (random: Random, bytes: number) =>
  Array.from({ length: bytes }, () =>
    Math.floor(random() * 256)
      .toString(16)
      .padStart(2, "0"),
  ).join("");

const kv = (key: string, value: Json) => ({ key, value });
const s = (value: string) => ({ stringValue: value });
const i = (value: string) => ({ intValue: value });
const d = (value: number | string) => ({ doubleValue: value });

/** Every AnyValue shape, each under its own key. */
export function everyValue(long: string): Json[] {
  return [
    kv("v.str", s("plain")),
    kv("v.str.empty", s("")),
    kv("v.str.unicode", s("héllo wörld ✓ 中文 🌍 \uFFFD mixed")),
    kv("v.str.surrogate", s("lone \uD800 high and \uDC00 low")),
    kv("v.str.quote", s('quote " backslash \\ newline \n tab \t')),
    kv("v.str.long", s(long)),
    kv("v.bool.true", { boolValue: true }),
    kv("v.bool.false", { boolValue: false }),
    kv("v.int.zero", i("0")),
    kv("v.int.neg", i("-42")),
    kv("v.int.max", i("9223372036854775807")),
    kv("v.int.min", i("-9223372036854775808")),
    kv("v.int.past53", i("9007199254740993")),
    kv("v.int.negpast53", i("-9007199254740993")),
    kv("v.int.number", { intValue: 123456 }),
    kv("v.dbl.half", d(0.5)),
    kv("v.dbl.whole", d(2)),
    kv("v.dbl.tiny", d(5e-324)),
    kv("v.dbl.huge", d(1.7976931348623157e308)),
    kv("v.dbl.third", d(1 / 3)),
    kv("v.dbl.nan", d("NaN")),
    kv("v.dbl.inf", d("Infinity")),
    kv("v.dbl.ninf", d("-Infinity")),
    kv("v.dbl.negzero", d("-0")),
    kv("v.bytes", { bytesValue: "3q2+7w==" }),
    kv("v.bytes.empty", { bytesValue: "" }),
    kv("v.arr", { arrayValue: { values: [s("x"), i("1"), d(1.5), { boolValue: true }, {}, d("NaN")] } }),
    kv("v.arr.empty", { arrayValue: { values: [] } }),
    kv("v.arr.nested", { arrayValue: { values: [{ arrayValue: { values: [s("deep"), i("-1")] } }] } }),
    kv("v.kv", { kvlistValue: { values: [kv("b", s("2")), kv("a", i("1")), kv("c", { bytesValue: "AA==" })] } }),
    kv("v.kv.empty", { kvlistValue: { values: [] } }),
    kv("v.kv.nested", {
      kvlistValue: {
        values: [kv("inner", { kvlistValue: { values: [kv("x", { arrayValue: { values: [d(-0.25)] } })] } })],
      },
    }),
    kv("v.empty", {}),
    kv("~tilde.key", s("stored literally or by id")),
    kv("__proto__", s("a key like any other")),
    kv("clé.ünïcode", s("ключ")),
  ];
}

/** An event or link attribute list: a few types, small. */
const smallAttributes = (n: number): Json[] => [
  kv("rows", i(String(n))),
  kv("ratio", d(n / 7)),
  kv("ok", { boolValue: n % 2 === 0 }),
  kv("tag", s(`tag-${n % 3}`)),
];

export interface ValueSpansOptions {
  random: Random;
  /** ns since 1970 of the first span. */
  startNs: bigint;
  service: string;
  /** Long string used by one attribute (hundreds of KB at most: the receiver takes 8 MB bodies). */
  long: string;
}

/** Spans of one request: a root with every value type, children with events, links, odd fields. */
export function valueSpans({ random, startNs, service, long }: ValueSpansOptions): Json {
  const traceId = hex(random, 16);
  const rootId = hex(random, 8);
  const at = (ms: number, extraNs = 0) => String(startNs + BigInt(ms) * 1_000_000n + BigInt(extraNs));
  const root: Json = {
    traceId,
    spanId: rootId,
    traceState: "ot=th:8;rv:abcdef12345678,vendor=x",
    flags: 769,
    name: "POST /v1/values/{id}",
    kind: 2,
    startTimeUnixNano: at(0, 123_456_789 % 1_000_000),
    endTimeUnixNano: at(250, 999),
    attributes: [
      ...everyValue(long),
      kv("http.route", s("/v1/values/{id}")),
      kv("http.response.status_code", i("503")),
      kv("vigil.feature", s("values-feature")),
      kv("peer.service", s("downstream-x")),
    ],
    status: { code: 2, message: "upstream said no: é ✓" },
    events: [
      { timeUnixNano: at(1, 1), name: "first", attributes: smallAttributes(1) },
      { timeUnixNano: at(2), name: "", attributes: [] },
      { timeUnixNano: at(3, 7), name: "exception", attributes: [kv("exception.message", s("boom \uFFFD"))] },
    ],
    links: [
      { traceId: hex(random, 16), spanId: hex(random, 8), traceState: "k=v", flags: 1, attributes: smallAttributes(2) },
      { traceId: hex(random, 16), spanId: hex(random, 8) },
    ],
  };
  const children: Json[] = Array.from({ length: 6 }, (_, n) => ({
    traceId,
    spanId: hex(random, 8),
    parentSpanId: n === 5 ? hex(random, 8) : rootId,
    name: n % 2 ? "SELECT values" : "GET /inner",
    kind: n % 6,
    startTimeUnixNano: at(10 + n * 20, n * 111),
    endTimeUnixNano: at(10 + n * 20 + (n === 3 ? 0 : 5 + n), n === 4 ? 0 : 3),
    attributes: [
      ...(n % 2 ? [kv("db.system", s("postgresql")), kv("db.statement", s("SELECT 1"))] : []),
      ...(n === 2 ? [kv("http.status_code", s("500")), kv("http.route", s(""))] : []),
      kv("n", i(String(n))),
      kv("v.arr", { arrayValue: { values: [i(String(-n)), s(n % 2 ? "odd" : "even")] } }),
    ],
    status: n === 1 ? { code: 1 } : n === 2 ? { code: 2, message: "" } : undefined,
    events: n % 3 === 0 ? [{ timeUnixNano: at(11 + n * 20), name: `evt-${n}`, attributes: smallAttributes(n) }] : [],
    links: n === 4 ? [{ traceId, spanId: rootId, attributes: [kv("same.trace", { boolValue: true })] }] : [],
  }));
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            kv("service.name", s(service)),
            kv("service.version", s("9.9.9")),
            kv("deployment.environment.name", s("prod")),
            kv("res.int.max", i("9223372036854775807")),
            kv("res.bytes", { bytesValue: "3q2+7w==" }),
            kv("res.kv", { kvlistValue: { values: [kv("b", s("2")), kv("a", s("1"))] } }),
            kv("res.empty", {}),
          ],
        },
        scopeSpans: [
          { scope: { name: "io.vigil.values", version: "1.0.0" }, spans: [root, ...children.slice(0, 3)] },
          { scope: { name: "" }, spans: children.slice(3) },
          { spans: [] },
        ],
      },
    ],
  };
}
