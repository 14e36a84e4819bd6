import { describe, expect, it } from "vitest";
import { field, jsonbSafe, pgText } from "./copy-text";

describe("COPY text that PostgreSQL accepts", () => {
  it("turns the \\u escapes jsonb refuses (NUL, lone surrogates) into \\ufffd, and keeps the rest", () => {
    const json = JSON.stringify({
      nul: "a\u0000b",
      high: "x\ud800",
      low: "\udc00y",
      pair: "😀",
      reversed: "\udc00\ud800",
      literal: "\\u0000 \\ud800",
    });
    const safe = JSON.parse(jsonbSafe(json));
    expect(safe).toEqual({
      nul: "a\uFFFDb",
      high: "x\uFFFD",
      low: "\uFFFDy",
      pair: "😀",
      reversed: "\uFFFD\uFFFD",
      literal: "\\u0000 \\ud800",
    });
    // A pair written as two escapes is valid in jsonb: kept.
    expect(jsonbSafe(String.raw`"\ud83d\ude00"`)).toBe(String.raw`"\ud83d\ude00"`);
    expect(jsonbSafe('{"a":"plain"}')).toBe('{"a":"plain"}');
  });

  it("writes NUL as U+FFFD in COPY fields and query parameters alike", () => {
    expect(field("a\u0000\tb")).toBe("a\uFFFD\\tb");
    expect(pgText("a\u0000b")).toBe("a\uFFFDb");
    expect(pgText(null)).toBeNull();
  });
});
