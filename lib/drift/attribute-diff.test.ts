import { describe, expect, it } from "vitest";
import { attributeChanges, MAX_CHANGES, SENSITIVE, UNKNOWN } from "./attribute-diff";

describe("attributeChanges", () => {
  it("lists changed leaves by path and nothing that stayed the same", () => {
    expect(
      attributeChanges({
        before: { ami: "a", tags: { team: "x", env: "prod" }, ports: [22, 443], same: { deep: [1] } },
        after: { ami: "b", tags: { team: "y", env: "prod" }, ports: [22], same: { deep: [1] }, "odd key": 1 },
      }),
    ).toEqual([
      { path: "ami", before: "a", after: "b" },
      { path: '["odd key"]', before: null, after: 1 },
      { path: "ports[1]", before: 443, after: null },
      { path: "tags.team", before: "x", after: "y" },
    ]);
  });

  it("masks sensitive values, whole subtrees and leaves inside objects, and says what is unknown", () => {
    expect(
      attributeChanges({
        before: { password: "old", conn: { user: "u", secret: "s1" }, arn: "x" },
        after: { password: "new", conn: { user: "v", secret: "s2" }, arn: null },
        beforeSensitive: { password: true, conn: { secret: true } },
        afterSensitive: { password: true, conn: { secret: true } },
        afterUnknown: { arn: true },
      }),
    ).toEqual([
      { path: "arn", before: "x", after: UNKNOWN },
      { path: "conn.secret", before: SENSITIVE, after: SENSITIVE },
      { path: "conn.user", before: "u", after: "v" },
      { path: "password", before: SENSITIVE, after: SENSITIVE },
    ]);
    const whole = attributeChanges({ before: { a: { b: "1" } }, after: { a: "2" }, afterSensitive: { a: true } });
    expect(whole).toEqual([{ path: "a", before: { b: "1" }, after: SENSITIVE }]);
  });

  it("bounds the list and each value", () => {
    const before = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    expect(attributeChanges({ before, after: {} })).toHaveLength(MAX_CHANGES);
    const [long] = attributeChanges({ before: { doc: "x" }, after: { doc: "y".repeat(10_000) } });
    expect(String(long.after)).toMatch(/… \(10000 characters\)$/);
    expect(String(long.after).length).toBeLessThan(2100);
  });

  it("treats a missing before or after as empty (a create or a delete)", () => {
    expect(attributeChanges({ before: null, after: { a: 1 } })).toEqual([{ path: "a", before: null, after: 1 }]);
    expect(attributeChanges({ before: { a: 1 }, after: null })).toEqual([{ path: "a", before: 1, after: null }]);
  });
});
