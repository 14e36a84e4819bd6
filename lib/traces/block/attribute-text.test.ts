import { describe, expect, it } from "vitest";
import { joinMembers, splitMembers } from "@/lib/traces/block/attribute-text";
import { encodeBlock } from "@/lib/traces/block/encode-block";
import { decodeBlock } from "@/lib/traces/block/open-block";
import { sampleRow } from "@/lib/traces/block/sample-spans";

const SPLITTABLE = [
  "{}",
  '{"": ""}',
  '{"7": "GET", "12": 200}',
  '{"a": {"b": "}, \\"x\\": [", "c": [1, {"d": "]"}]}, "e": []}',
  '{"k\\"": "v\\\\", "~q": "\\\\\\""}',
  '{"1": {"intValue": "-9223372036854775808"}, "2": -1.5e-7, "3": null, "4": true}',
  '{"x": "a, \\"y\\": b"}',
  '{"a": 1 , "b": 2}',
];

const WHOLE = [
  "",
  "{",
  "[]",
  '{"a":1}',
  '{"a": 1,"b": 2}',
  '{"a": 1} ',
  ' {"a": 1}',
  '{"a": "unterminated}',
  '{"a": [1, 2}',
  '{"a": }',
  '{"a": 1, }',
  "null",
  '"text"',
];

describe("attribute text", () => {
  it("splits PostgreSQL's printed objects into keys and values and joins them back exactly", () => {
    for (const text of SPLITTABLE) {
      const m = splitMembers(text);
      expect(m, text).not.toBeNull();
      expect(joinMembers(m!.keys, m!.values)).toBe(text);
    }
    expect(splitMembers('{"a": {"b": "}, \\"x\\": ["}, "e": []}')).toEqual({
      keys: ["a", "e"],
      values: ['{"b": "}, \\"x\\": ["}', "[]"],
    });
  });

  it("leaves anything else whole", () => {
    for (const text of WHOLE) expect(splitMembers(text), text).toBeNull();
  });

  it("round-trips every form through a block, a repeated key included", () => {
    const texts = [...SPLITTABLE, ...WHOLE, '{"a": 1, "a": 2}', '{"a": 1, "b": 2, "a": 3}'];
    const rows = texts.map((attributes, i) => sampleRow({ attributes, spanId: Buffer.from([i]), startUs: BigInt(i) }));
    expect(decodeBlock(encodeBlock(rows).columns).map((r) => r.attributes)).toEqual(texts);
  });

  it("keeps values of keys that only some spans have in the right spans", () => {
    const texts = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0 ? "{}" : i % 3 === 1 ? `{"a": ${i}, "b": "same"}` : `{"b": "same", "c": [${i}]}`,
    );
    const rows = texts.map((attributes, i) =>
      sampleRow({ attributes, spanId: Buffer.from([i >> 8, i & 255]), startUs: BigInt(i) }),
    );
    expect(decodeBlock(encodeBlock(rows).columns).map((r) => r.attributes)).toEqual(texts);
  });
});
