import { z } from "zod";
import { describe, expect, it } from "vitest";
import { cursor, day, decimal, integer, oneOf, parseInput, text, timestamp } from "./validation";

const problem = (schema: z.ZodType, value: unknown) => {
  try {
    parseInput(z.object({ field: schema }), { field: value });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe("input building blocks", () => {
  it("text refuses NUL, lone surrogates and overlong values, naming the field", () => {
    expect(problem(text(10), "ok 😀")).toBeNull();
    expect(problem(text(10), "a\0b")).toBe("field: must not contain NUL characters");
    expect(problem(text(10), "a\uD800")).toBe("field: must be valid Unicode (no lone surrogates)");
    expect(problem(text(10), "\uDC00a")).toMatch(/lone surrogate/);
    expect(problem(text(10), "x".repeat(11))).toBe("field: must be at most 10 characters");
    expect(problem(text(10, 1), "")).toBe("field: must be 1 to 10 characters");
  });

  it("integers and decimals refuse exponents, overflow, NaN, hex and blanks", () => {
    expect(parseInput(integer(0, 10), "7")).toBe(7);
    expect(parseInput(integer(0, 10), 7)).toBe(7);
    expect(parseInput(decimal(0, 10), "2.5")).toBe(2.5);
    for (const bad of [
      "1e15",
      "99999999999999999999",
      "1e400",
      "NaN",
      "0x10",
      " ",
      "1.5",
      "-1",
      11,
      Number.POSITIVE_INFINITY,
      "Infinity",
      [],
    ]) {
      expect(problem(integer(0, 10), bad), String(bad)).toBe("field: must be a whole number from 0 to 10");
    }
    for (const bad of ["1e2", "1e400", "NaN", "12", "1.0000000001"])
      expect(problem(decimal(0, 10), bad), bad).toBe("field: must be a number from 0 to 10");
  });

  it("times and days are real calendar values between 1970 and 9999", () => {
    expect(problem(timestamp(), "2026-01-31T12:00:00+02:00")).toBeNull();
    expect(problem(timestamp(), "2026-13-45T99:99:99Z")).toMatch(/^field: must be an ISO 8601 time/);
    expect(problem(timestamp(), "0001-01-01T00:00:00Z")).toBe("field: must be between 1970 and 9999");
    expect(problem(timestamp(), "x".repeat(10_000))).toMatch(/^field: must be an ISO 8601 time/);
    expect(problem(day(), "2026-02-29")).toMatch(/^field: must be a date as YYYY-MM-DD/);
    expect(problem(day(), "1969-12-31")).toBe("field: must be between 1970 and 9999");
  });

  it("cursors are what the decoder accepts, and enums name their values", () => {
    const pair = cursor((value) => (/^\d+:\d+$/.test(value) ? value.split(":").map(Number) : null));
    expect(parseInput(pair, "1:2")).toEqual([1, 2]);
    expect(problem(pair, "1:x")).toBe("field: is not a cursor from this API");
    expect(problem(pair, `${"1".repeat(300)}:2`)).toBe("field: is not a cursor from this API");
    expect(problem(oneOf(["a", "b"]), "toString")).toBe("field: must be one of a, b");
  });
});
