import { describe, expect, it } from "vitest";
import { AREAS, areaOf } from "./areas";

describe("the area a page is in", () => {
  it("is the area with the longest address the path starts with, segment by segment", () => {
    expect(areaOf("/")?.href).toBe("/");
    expect(areaOf("/costs")?.href).toBe("/costs");
    expect(areaOf("/costs/budgets")?.href).toBe("/costs/budgets");
    expect(areaOf("/costs/features/card-payments")?.href).toBe("/costs");
    expect(areaOf("/services/payments-api")?.href).toBe("/services");
    expect(areaOf("/service-map")?.href).toBe("/service-map");
    expect(areaOf("/servicesx")).toBeUndefined();
    expect(areaOf("/no-such-area")).toBeUndefined();
  });

  it("every sub-area sits under an area listed before it", () => {
    for (const [index, area] of AREAS.entries())
      if (area.parent) expect(AREAS.slice(0, index).map((before) => before.href)).toContain(area.parent);
  });
});
