import { describe, expect, it } from "vitest";
import { choiceOf, pathName } from "@/lib/http/page-params";
import { searchTraces } from "@/lib/traces/search-traces";
import { roleCtx } from "@/test/factories";
import { inventoryParams } from "./costs/inventory/params";
import { windowOf } from "./services/_red/windows";
import { tracesParams } from "./traces/params";

// The console pages' URL parameters, parsed as the pages parse them: a path segment that can not
// name anything is a 404 (null here), a bad search parameter a message the page shows.

describe("console page parameters", () => {
  it("a path segment that can not be a name is not found", () => {
    expect(pathName("payments-api")).toBe("payments-api");
    expect(pathName("card%20payments")).toBe("card payments");
    for (const raw of ["a%00b", "a\0b", "%E0%A4%A", "%ED%A0%80x\uD800", "", "x".repeat(201)])
      expect(pathName(raw), JSON.stringify(raw)).toBeNull();
  });

  it("choices fall back to the default for unknown and inherited names, and take a repeated one's first", () => {
    expect(windowOf("toString").window).toBe("24h");
    expect(windowOf("constructor", "1h").window).toBe("1h");
    expect(windowOf(["6h", "7d"]).window).toBe("6h");
    expect(Number.isNaN(windowOf("__proto__").from.getTime())).toBe(false);
    expect(choiceOf({ feature: 1, team: 2 }, "hasOwnProperty", "feature")).toBe("feature");
  });

  it("the inventory's page and filter are checked, the problem named for the page to show", () => {
    expect(inventoryParams({ page: "2", q: "vpc" })).toEqual({
      values: { page: 2, q: "vpc", view: "managed" },
      problem: null,
    });
    expect(inventoryParams({})).toEqual({ values: { page: 0, view: "managed" }, problem: null });
    expect(inventoryParams({ view: "unmanaged" }).values?.view).toBe("unmanaged");
    expect(inventoryParams({ view: "toString" }).problem).toBe("view: must be one of managed, unmanaged");
    expect(inventoryParams({ page: ["1", "9"] }).values?.page).toBe(1);
    expect(inventoryParams({ page: "99999999999999" }).problem).toBe("page: must be a whole number from 0 to 20000");
    expect(inventoryParams({ page: "1e3" }).problem).toMatch(/^page: /);
    expect(inventoryParams({ q: "a\0b" }).problem).toBe("q: must not contain NUL characters");
  });

  it("the trace page's filters reach the search as typed, and a bad one is a named bad request", async () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const { range, input } = tracesParams({ range: "toString", service: ["a", "b"], cursor: "abc" }, now);
    expect(range).toBe("1h");
    expect(input).toMatchObject({
      service: "a",
      from: "2026-06-01T11:00:00.000Z",
      to: "2026-06-01T12:00:00.000Z",
      cursor: "abc",
    });
    await expect(searchTraces(roleCtx("viewer"), input)).rejects.toMatchObject({
      code: "bad_request",
      message: "cursor: is not a cursor from this API",
    });
    const withNul = tracesParams({ service: "a\0b", minDurationMs: "1e15" }, now).input;
    await expect(searchTraces(roleCtx("viewer"), withNul)).rejects.toMatchObject({
      message: "service: must not contain NUL characters",
    });
  });
});
