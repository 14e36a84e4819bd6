import type { Forecast } from "@/lib/anomalies/forecast";

/** What the capacity rule finds in one forecast, before it is named for its service. */
export interface CapacityFinding {
  level: "expected" | "possible";
  highest: number;
  threshold: number;
  marginPercent: number;
  expectedAt: number | null;
  upperAt: number;
  peakExpected: number;
}

/**
 * A warning when the forecast passes the highest hour of the last 30 days by more than the margin:
 * "expected" when the expected rate does, "possible" when only the upper bound of the interval
 * does. With no load seen (highest 0) nothing can be judged against it, so there is no warning.
 */
export function capacityRule(forecast: Forecast, highest: number, marginPercent: number): CapacityFinding | null {
  if (!Number.isFinite(highest) || !Number.isFinite(marginPercent) || marginPercent < 0) {
    throw new RangeError("capacityRule needs a finite highest load and a margin of 0 or more");
  }
  if (forecast.state !== "ready" || highest <= 0) return null;
  const threshold = highest * (1 + marginPercent / 100);
  let expectedAt = -1;
  let upperAt = -1;
  let peak = -Infinity;
  for (let i = 0; i < forecast.expected.length; i++) {
    const expected = forecast.expected[i];
    if (expected > peak) peak = expected;
    if (expectedAt < 0 && expected > threshold) expectedAt = i;
    if (upperAt < 0 && (forecast.upper[i] > threshold || expected > threshold)) upperAt = i;
  }
  if (upperAt < 0) return null;
  const at = (i: number) => forecast.startMs + i * forecast.stepMs;
  return {
    level: expectedAt >= 0 ? "expected" : "possible",
    highest,
    threshold,
    marginPercent,
    expectedAt: expectedAt >= 0 ? at(expectedAt) : null,
    upperAt: at(upperAt),
    peakExpected: peak,
  };
}
