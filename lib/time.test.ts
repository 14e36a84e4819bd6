import { describe, expect, it } from "vitest";
import { completeDays } from "./time";

describe("completeDays", () => {
  it("is N complete UTC days ending yesterday, with today as the exclusive end", () => {
    expect(completeDays(30, "2026-12-06")).toEqual({ from: "2026-11-06", to: "2026-12-06" });
    expect(completeDays(7, "2026-03-02")).toEqual({ from: "2026-02-23", to: "2026-03-02" });
  });
});
