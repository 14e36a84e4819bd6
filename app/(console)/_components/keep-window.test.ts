import { describe, expect, it } from "vitest";
import { keepWindow } from "./keep-window";
import { WINDOW_PARAMS } from "./window-params";

const at = (query: string) => new URLSearchParams(query);

describe("sidebar links keep the window", () => {
  it("carries a window the target understands, under the target's own parameter name", () => {
    const services = WINDOW_PARAMS["/services"];
    expect(keepWindow("/traces", services, at("window=6h&sort=errors"), WINDOW_PARAMS["/traces"])).toBe(
      "/traces?range=6h",
    );
    expect(keepWindow("/service-map", WINDOW_PARAMS["/traces"], at("range=7d"), WINDOW_PARAMS["/service-map"])).toBe(
      "/service-map?window=7d",
    );
  });

  it("leaves the link plain when the target does not understand the window, or there is none", () => {
    expect(keepWindow("/services", WINDOW_PARAMS["/traces"], at("range=15m"), WINDOW_PARAMS["/services"])).toBe(
      "/services",
    );
    expect(keepWindow("/costs", WINDOW_PARAMS["/services"], at("window=24h"), WINDOW_PARAMS["/costs"])).toBe("/costs");
    expect(keepWindow("/audit", WINDOW_PARAMS["/costs"], at("window=90d"), undefined)).toBe("/audit");
    expect(keepWindow("/traces", undefined, at("window=6h"), WINDOW_PARAMS["/traces"])).toBe("/traces");
    expect(keepWindow("/traces", WINDOW_PARAMS["/services"], at(""), WINDOW_PARAMS["/traces"])).toBe("/traces");
  });

  it("does not carry a value the current page itself would refuse, whatever is in the address", () => {
    const services = WINDOW_PARAMS["/services"];
    for (const value of ["toString", "__proto__", "6h\u0000", "x".repeat(10_000), "6h&range=7d"])
      expect(keepWindow("/traces", services, at(`window=${encodeURIComponent(value)}`), WINDOW_PARAMS["/traces"])).toBe(
        "/traces",
      );
  });
});
