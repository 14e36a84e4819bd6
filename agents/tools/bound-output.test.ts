import { describe, expect, it } from "vitest";
import { boundOutput, clipStrings } from "./bound-output";
import { boundedList, MAX_ITEMS, MAX_STRING } from "./tool";

describe("clipStrings", () => {
  it("cuts long strings and says how much was cut", () => {
    const clipped = clipStrings({ note: "x".repeat(MAX_STRING + 10) }) as { note: string };
    expect(clipped.note.startsWith("x".repeat(MAX_STRING))).toBe(true);
    expect(clipped.note).toContain("[cut: 10 more characters]");
  });

  it("never splits a surrogate pair", () => {
    const text = `${"x".repeat(MAX_STRING - 1)}😀${"y".repeat(20)}`;
    const clipped = clipStrings(text) as string;
    expect(clipped.startsWith(`${"x".repeat(MAX_STRING - 1)}…`)).toBe(true);
    expect(clipped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("leaves short values, numbers and nulls as they are", () => {
    expect(clipStrings({ a: "short", b: 1, c: null, d: [true] })).toEqual({ a: "short", b: 1, c: null, d: [true] });
  });
});

describe("boundOutput", () => {
  it("drops trailing items until the JSON fits, and says how many", () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ id: i, text: "z".repeat(400) }));
    const json = boundOutput({ items, truncated: false, note: "All 50 items." }, 5_000);
    expect(json.length).toBeLessThanOrEqual(5_000);
    const parsed = JSON.parse(json) as { items: unknown[]; truncated: boolean; note: string };
    expect(parsed.truncated).toBe(true);
    expect(parsed.items.length).toBeGreaterThan(0);
    expect(parsed.note).toContain(`${50 - parsed.items.length} more left out`);
  });

  it("replaces a result that can not fit with a notice", () => {
    const json = boundOutput({ blob: Array.from({ length: 100 }, () => "q".repeat(400)) }, 1_000);
    expect(JSON.parse(json)).toEqual({
      truncated: true,
      note: "The result was too large to send: narrow the request.",
    });
  });

  it("answers null for undefined rather than an empty string", () => {
    expect(boundOutput(undefined)).toBe("null");
  });
});

describe("boundedList", () => {
  it("says when more exist, from the list's own length or the verb's cursor", () => {
    const many = Array.from({ length: MAX_ITEMS + 3 }, (_, i) => i);
    expect(boundedList(many, false)).toMatchObject({ truncated: true, items: many.slice(0, MAX_ITEMS) });
    expect(boundedList([1, 2], true).truncated).toBe(true);
    expect(boundedList([1, 2], false)).toEqual({ items: [1, 2], truncated: false, note: "All 2 items." });
    expect(boundedList([], false).note).toBe("All 0 items.");
  });
});
