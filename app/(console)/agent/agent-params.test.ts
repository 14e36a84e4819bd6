import { describe, expect, it } from "vitest";
import { agentHref, agentParams, listFilters } from "./agent-params";

describe("agentParams", () => {
  it("reads kind, status and cursor from the URL", () => {
    expect(agentParams({ kind: "teardown", status: "valid", cursor: "abc" })).toEqual({
      filters: { kind: "teardown", status: "valid" },
      cursor: "abc",
      problem: null,
    });
  });

  it("falls back to all for unknown, repeated-first, inherited or empty values", () => {
    expect(agentParams({ kind: "toString", status: "__proto__" }).filters).toEqual({ kind: "all", status: "all" });
    expect(agentParams({ kind: ["attribution", "refactor"], status: "" }).filters).toEqual({
      kind: "attribution",
      status: "all",
    });
    expect(agentParams({}).filters).toEqual({ kind: "all", status: "all" });
  });

  it("makes a cursor with NUL, a lone surrogate or past 500 characters the problem to show", () => {
    for (const cursor of ["a\0b", "\ud800", "x".repeat(501)]) {
      const { cursor: read, problem } = agentParams({ cursor });
      expect(read).toBeUndefined();
      expect(problem).toMatch(/^cursor: /);
    }
    expect(agentParams({ cursor: "x".repeat(500) }).cursor).toHaveLength(500);
    expect(agentParams({ cursor: "" })).toMatchObject({ cursor: undefined, problem: null });
  });
});

describe("agentHref and listFilters", () => {
  it("leaves defaults out of the address and the verb's filters", () => {
    expect(agentHref({ kind: "all", status: "all" })).toBe("/agent");
    expect(agentHref({ kind: "teardown", status: "all" }, { status: "rejected" })).toBe(
      "/agent?kind=teardown&status=rejected",
    );
    expect(listFilters({ kind: "all", status: "all" })).toEqual({});
    expect(listFilters({ kind: "refactor", status: "valid" })).toEqual({ kind: "refactor", status: "valid" });
  });
});
