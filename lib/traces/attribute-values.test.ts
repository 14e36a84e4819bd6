import { describe, expect, it } from "vitest";
import {
  anyValueOf,
  keyValuesOf,
  plainText,
  storedBytes,
  storedDouble,
  storedInt,
  storedKvlist,
} from "./attribute-values";

/** A stored value through JSON text, as jsonb keeps it and node-postgres parses it. */
const throughJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("the stored form of attribute values", () => {
  it("keeps the common values plain: string, bool, safe int, fractional double", () => {
    expect(JSON.stringify(storedInt(42n))).toBe("42");
    expect(JSON.stringify(storedInt(-(2n ** 53n) + 1n))).toBe("-9007199254740991");
    expect(JSON.stringify(storedDouble(0.25))).toBe("0.25");
    expect(JSON.stringify(storedDouble(-1e-7))).toBe("-1e-7");
  });

  it("tags what plain JSON would mistake: int64 beyond 2^53, integral and non-finite doubles, bytes, kvlists", () => {
    expect(storedInt(2n ** 53n)).toEqual({ intValue: "9007199254740992" });
    expect(storedInt(-(2n ** 63n))).toEqual({ intValue: "-9223372036854775808" });
    expect(storedDouble(3)).toEqual({ doubleValue: 3 });
    expect(storedDouble(-0)).toEqual({ doubleValue: 0 });
    expect(storedDouble(1e300)).toEqual({ doubleValue: 1e300 });
    expect(storedDouble(NaN)).toEqual({ doubleValue: "NaN" });
    expect(storedDouble(-Infinity)).toEqual({ doubleValue: "-Infinity" });
    expect(storedBytes("AAE=")).toEqual({ bytesValue: "AAE=" });
  });

  it("reads every type back as the OTLP/JSON AnyValue it was, through JSON text", () => {
    const cases: [unknown, unknown][] = [
      ["", { stringValue: "" }],
      ["añ😀", { stringValue: "añ😀" }],
      [true, { boolValue: true }],
      [storedInt(0n), { intValue: "0" }],
      [storedInt(2n ** 63n - 1n), { intValue: "9223372036854775807" }],
      [storedInt(-(2n ** 63n)), { intValue: "-9223372036854775808" }],
      [storedDouble(3), { doubleValue: 3 }],
      [storedDouble(5e-324), { doubleValue: 5e-324 }],
      [storedDouble(Number.MAX_VALUE), { doubleValue: Number.MAX_VALUE }],
      [storedDouble(Infinity), { doubleValue: Infinity }],
      [storedBytes(""), { bytesValue: "" }],
      [null, {}],
      [[], { arrayValue: { values: [] } }],
      [
        [storedInt(1n), storedDouble(1), null, [storedBytes("AA==")]],
        {
          arrayValue: {
            values: [{ intValue: "1" }, { doubleValue: 1 }, {}, { arrayValue: { values: [{ bytesValue: "AA==" }] } }],
          },
        },
      ],
      [
        storedKvlist([
          ["z", "first"],
          ["a", storedKvlist([])],
          ["z", false],
        ]),
        {
          kvlistValue: {
            values: [
              { key: "z", value: { stringValue: "first" } },
              { key: "a", value: { kvlistValue: { values: [] } } },
              { key: "z", value: { boolValue: false } },
            ],
          },
        },
      ],
    ];
    for (const [stored, expected] of cases) expect(anyValueOf(throughJson(stored))).toEqual(expected);
    expect(Number.isNaN((anyValueOf(throughJson(storedDouble(NaN))) as { doubleValue: number }).doubleValue)).toBe(
      true,
    );
  });

  it("reads a kvlist stored before the tags (a plain object) as a kvlist, and junk as empty", () => {
    expect(anyValueOf({ b: 1, a: "x" })).toEqual({
      kvlistValue: {
        values: [
          { key: "a", value: { stringValue: "x" } },
          { key: "b", value: { intValue: "1" } },
        ],
      },
    });
    expect(anyValueOf(undefined)).toEqual({});
    expect(anyValueOf(Symbol("x"))).toEqual({});
    let deep: unknown = "bottom";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(JSON.stringify(anyValueOf(deep))).toContain("{}");
  });

  it("lists attributes sorted by key, by UTF-16 code units", () => {
    expect(keyValuesOf({ b: 1, B: 2, é: 3, a: null }).map((kv) => kv.key)).toEqual(["B", "a", "b", "é"]);
    expect(keyValuesOf(null)).toEqual([]);
  });

  it("gives the plain text a column holds", () => {
    expect([plainText("x"), plainText(404), plainText(true), plainText(null)]).toEqual(["x", "404", "true", null]);
    expect(plainText(storedInt(2n ** 60n))).toBe("1152921504606846976");
    expect(plainText(storedDouble(3))).toBe("3");
    expect(plainText(storedBytes("AQ=="))).toBe("AQ==");
    expect(plainText(["a", 1])).toBe('["a",1]');
  });
});
