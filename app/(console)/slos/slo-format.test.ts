import { describe, expect, it } from "vitest";
import { alertSummary, formatBudget, formatBurn, formatDuration, formatPercent, formatSli } from "./slo-format";

describe("SLO figures as the pages say them", () => {
  it("percentages keep their sign and say a dash without data", () => {
    expect(formatPercent(0.99953, 3)).toBe("99.953%");
    expect(formatBudget(-1.5)).toBe("-150.0%");
    expect(formatBudget(null)).toBe("–");
    expect(formatPercent(Number.NaN)).toBe("–");
  });

  it("burn rates are times the allowed pace", () => {
    expect(formatBurn(0)).toBe("0.00×");
    expect(formatBurn(14.4)).toBe("14.4×");
    expect(formatBurn(null)).toBe("–");
  });

  it("durations name their two largest units", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(59_000)).toBe("59 s");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000)).toBe("3 d 4 h");
    expect(formatDuration(86_400_000 + 60_000)).toBe("1 d");
    expect(formatDuration(5 * 3_600_000 + 12 * 60_000)).toBe("5 h 12 min");
    expect(formatDuration(-1)).toBe("–");
  });

  it("the SLI says what is measured", () => {
    expect(formatSli({ type: "latency", thresholdMs: 300 })).toBe("latency < 300 ms");
    expect(formatSli({ type: "availability", errorWhen: "http-5xx" })).toBe("availability (HTTP 5xx)");
  });

  it("the loudest alert wins: a firing ticket over a pending page", () => {
    const at = "2026-01-01T00:00:00.000Z";
    expect(alertSummary({ page: { state: "pending", since: at }, ticket: { state: "firing", since: at } }).text).toBe(
      "ticket firing",
    );
    expect(alertSummary({ page: { state: "resolved", since: at }, ticket: { state: "inactive", since: at } })).toEqual({
      text: "none",
      since: null,
    });
  });
});
