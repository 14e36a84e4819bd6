import { describe, expect, it } from "vitest";
import { Claim } from "@/lib/agent/schemas";
import { citeKnown, claim, clip, explanation, MAX_CLAIMS, minute, num, percent, shown, wantedEvidence } from "./claims";

describe("clip", () => {
  it("keeps short text, cuts long text to the limit on a code point and marks the cut", () => {
    expect(clip("  idle   volume \n")).toBe("idle volume");
    const cut = clip("😀".repeat(300), 10);
    expect([...cut]).toHaveLength(10);
    expect(cut.endsWith("😀…")).toBe(true);
  });

  it("replaces NUL and lone surrogates so the text can be stored", () => {
    const value = clip("a\0b\uD800c\uDC00d😀");
    expect(value).toBe("a\uFFFDb\uFFFDc\uFFFDd😀");
    expect(Claim.safeParse({ text: value, citations: [] }).success).toBe(true);
  });
});

describe("formatting", () => {
  it("says numbers, fractions and times the way people read them", () => {
    expect(num(1234.5678)).toBe("1,235");
    expect(num(0.012345)).toBe("0.01235");
    expect(num(Number.NaN)).toBe("unknown");
    expect(num(null)).toBe("unknown");
    expect(percent(0.995)).toBe("99.5%");
    expect(percent(-0.25)).toBe("-25%");
    expect(minute("2026-12-07T11:57:18.123Z")).toBe("2026-12-07 11:57 UTC");
    expect(minute("not a time")).toBe("an unknown time");
    expect(shown({ a: 1 })).toBe('{"a":1}');
    expect(shown("t3.large")).toBe('"t3.large"');
    expect(shown(undefined)).toBe("(none)");
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(shown(circular)).toBe("[object Object]");
  });
});

describe("citations", () => {
  it("drafts only well-formed ids, and cites only those Vigil holds, once each", () => {
    const long = `resource:${"x".repeat(700)}`;
    const drafts = [
      claim("a", "anomaly:1", "drift:2", null, undefined, false, "anomaly:1"),
      claim("b", "bill:gone", long, "resource:a\0b", "made-up:1"),
    ];
    expect(wantedEvidence(drafts)).toEqual(["anomaly:1", "drift:2", "bill:gone"]);
    // A claim built by hand with a malformed id is still not cited, even if a lookup "found" it.
    const known = new Set(["anomaly:1", "drift:2", long]);
    expect(citeKnown([...drafts, { text: "c", citations: [long] }], known)).toEqual([
      { text: "a", citations: ["anomaly:1", "drift:2"] },
      { text: "b", citations: [] },
      { text: "c", citations: [] },
    ]);
  });

  it("keeps at most six claims and twenty citations a claim, and bounds the text", () => {
    const ids = Array.from({ length: 30 }, (_, i) => `anomaly:${i}`);
    const drafts = Array.from({ length: 9 }, () => claim("x".repeat(5000), ...ids));
    const cited = citeKnown(drafts, new Set(ids));
    expect(cited).toHaveLength(MAX_CLAIMS);
    expect(cited[0].citations).toHaveLength(20);
    expect([...cited[0].text]).toHaveLength(2000);
    expect(explanation("anomaly:1", drafts).claims).toHaveLength(MAX_CLAIMS);
  });
});
