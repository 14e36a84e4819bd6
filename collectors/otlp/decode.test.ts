import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeJson, decodeProtobuf, UndecodableError } from "./decode";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name));

describe("OTLP decoding", () => {
  it("decodes the upstream JSON and protobuf examples to the same span", () => {
    const json = decodeJson(fixture("trace.json"));
    const proto = decodeProtobuf(fixture("trace.protobuf-bin"));
    expect(json.rejected).toBe(0);
    expect(proto.spans).toEqual(json.spans);
    expect(proto.spans).toHaveLength(1);
    expect(proto.spans[0]).toMatchObject({
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      parentSpanId: "eee19b7ec3c1b173",
      service: "my.service",
      name: "I'm a server span",
      kind: 2,
      startNs: 1544712660000000000n,
      endNs: 1544712661000000000n,
      scopeName: "my.library",
      scopeVersion: "1.0.0",
      attributes: { "my.span.attr": "some value" },
    });
  });

  it("reads every value type, events, links and two traces from Jaeger's stress file", () => {
    const decoded = decodeJson(fixture("otel_traces_01.json"));
    expect(decoded.rejected).toBe(0);
    expect(new Set(decoded.spans.map((span) => span.traceId)).size).toBe(2);
    expect(new Set(decoded.spans.map((span) => span.kind))).toEqual(new Set([2, 3, 4, 5]));
    expect(decoded.spans.every((span) => span.statusCode === 2)).toBe(true);
    const values = decoded.spans.flatMap((span) => Object.values(span.attributes));
    expect(values.some((value) => typeof value === "number" && Number.isInteger(value))).toBe(true);
    expect(values.some((value) => typeof value === "number" && !Number.isInteger(value))).toBe(true);
    expect(decoded.spans.some((span) => span.events.some((event) => event.name === ""))).toBe(true);
    expect(decoded.spans.some((span) => span.links.length > 0)).toBe(true);
    expect(decoded.spans.some((span) => span.traceState !== null)).toBe(true);
  });

  it("follows the OTLP JSON rules: hex ids of either case, integer enums, 64-bit ints as strings or numbers, unknown fields ignored", () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }], futureField: true },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "0123456789ABCDEF0123456789abcdef",
                  spanId: "0123456789abcdef",
                  name: "a",
                  kind: 3,
                  startTimeUnixNano: 1700000000000000000,
                  endTimeUnixNano: "1700000000000001000",
                  somethingNew: 1,
                  status: { code: 2 },
                },
                { traceId: "00000000000000000000000000000000", spanId: "0123456789abcdef", name: "zero trace id" },
                {
                  traceId: "0123456789abcdef0123456789abcdef",
                  spanId: "0123",
                  name: "short span id",
                  startTimeUnixNano: "1",
                },
                {
                  traceId: "0123456789abcdef0123456789abcdef",
                  spanId: "1123456789abcdef",
                  name: "ends early",
                  startTimeUnixNano: "10",
                  endTimeUnixNano: "5",
                },
              ],
            },
          ],
        },
      ],
    };
    const decoded = decodeJson(JSON.stringify(body));
    expect(decoded.spans).toHaveLength(1);
    expect(decoded.spans[0]).toMatchObject({
      traceId: "0123456789abcdef0123456789abcdef",
      kind: 3,
      statusCode: 2,
      endNs: 1700000000000001000n,
    });
    expect(decoded.rejected).toBe(3);
    expect(decoded.reasons[0]).toBe(
      "resourceSpans[0].scopeSpans[0].spans[1]: traceId must be 16 bytes (32 hex digits), not all zero",
    );
    expect(decoded.reasons[1]).toMatch(/spans\[2\]: spanId must be 8 bytes/);
    expect(decoded.reasons[2]).toMatch(/spans\[3\]: endTimeUnixNano is before startTimeUnixNano/);
  });

  it("keeps each value's type, and stores a value JSON can not mean as empty", () => {
    const value = (v: unknown) => {
      const span = {
        traceId: "0123456789abcdef0123456789abcdef",
        spanId: "0123456789abcdef",
        startTimeUnixNano: "1700000000000000001",
        endTimeUnixNano: "1700000000000000002",
        attributes: [{ key: "v", value: v }],
      };
      const body = { resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] };
      return decodeJson(JSON.stringify(body)).spans[0].attributes.v;
    };
    const cases: [unknown, unknown][] = [
      [{ intValue: "9223372036854775807" }, { intValue: "9223372036854775807" }],
      [{ intValue: "-9223372036854775808" }, { intValue: "-9223372036854775808" }],
      [{ intValue: 9007199254740991 }, 9007199254740991],
      [{ intValue: "1.5" }, null],
      [{ intValue: "" }, null],
      [{ intValue: true }, null],
      [{ doubleValue: 3 }, { doubleValue: 3 }],
      [{ doubleValue: "2.5" }, 2.5],
      [{ doubleValue: "NaN" }, { doubleValue: "NaN" }],
      [{ doubleValue: "-Infinity" }, { doubleValue: "-Infinity" }],
      [{ doubleValue: "1e400" }, { doubleValue: "Infinity" }],
      [{ doubleValue: "" }, null],
      [{ doubleValue: " 1" }, null],
      [{ doubleValue: "0x10" }, null],
      [{ doubleValue: null }, null],
      [{ bytesValue: "AAE=" }, { bytesValue: "AAE=" }],
      [{ bytesValue: [0, 1, 255] }, { bytesValue: "AAH/" }],
      [{ bytesValue: 5 }, { bytesValue: "" }],
      [{ arrayValue: { values: [{ boolValue: true }, {}, null] } }, [true, null, null]],
      [{ arrayValue: "x" }, []],
      [
        { kvlistValue: { values: [{ key: "b", value: { stringValue: "1" } }, { key: "a" }, { key: 5 }, null] } },
        {
          kvlistValue: [
            ["b", "1"],
            ["a", null],
          ],
        },
      ],
      [{ kvlistValue: null }, { kvlistValue: [] }],
      [{}, null],
      [null, null],
      ["x", null],
    ];
    for (const [sent, stored] of cases) expect(value(sent), JSON.stringify(sent)).toEqual(stored);
  });

  it("calls undecodable bodies undecodable", () => {
    expect(() => decodeJson("{not json")).toThrow(UndecodableError);
    expect(() => decodeJson("[1,2]")).toThrow(/JSON object/);
    expect(() => decodeJson('{"resourceSpans": 3}')).toThrow(/must be an array/);
    expect(() => decodeProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow(UndecodableError);
    expect(decodeJson("{}")).toEqual({ spans: [], rejected: 0, reasons: [], tooOld: 0, tooNew: 0 });
  });
});
