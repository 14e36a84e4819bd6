import { describe, expect, it } from "vitest";
import { serviceHealth } from "./service-health";

describe("service health", () => {
  it("takes the worse of error rate and p95, at the thresholds' edges", () => {
    const at = (requests: number, errors: number, p95Ms: number | null) => serviceHealth({ requests, errors, p95Ms });
    expect(at(0, 0, null)).toBe("idle");
    expect(at(1000, 0, 120)).toBe("ok");
    expect(at(1000, 9, 499.9)).toBe("ok");
    expect(at(1000, 10, 120)).toBe("warn");
    expect(at(1000, 0, 500)).toBe("warn");
    expect(at(1000, 49, 1999)).toBe("warn");
    expect(at(1000, 50, 10)).toBe("bad");
    expect(at(1000, 0, 2000)).toBe("bad");
    expect(at(3, 3, null)).toBe("bad");
    expect(at(10, 0, null)).toBe("ok");
  });
});
