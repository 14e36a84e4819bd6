import { describe, expect, it } from "vitest";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { previewSensitivity } from "@/lib/anomalies/preview-sensitivity";
import { sensitivitySettings } from "@/lib/anomalies/sensitivity";
import { DAY, HOUR, MINUTE } from "@/lib/anomalies/series";
import { syntheticSeries } from "@/lib/anomalies/synthetic-series";

describe("sensitivitySettings", () => {
  it("orders the levels: high flags more readily than medium, medium than low", () => {
    const [low, medium, high] = (["low", "medium", "high"] as const).map((s) => sensitivitySettings(s, MINUTE));
    expect(low.k).toBeGreaterThan(medium.k);
    expect(medium.k).toBeGreaterThan(high.k);
    expect(low.sustainedK).toBeGreaterThan(medium.sustainedK);
    expect(medium.spikeK).toBeGreaterThan(high.spikeK);
  });

  it("scales windows and durations with the step", () => {
    expect(sensitivitySettings("medium", MINUTE)).toMatchObject({
      window: 5,
      minPoints: 8,
      mergeGapPoints: 15,
      criticalPoints: 60,
    });
    expect(sensitivitySettings("medium", HOUR)).toMatchObject({ window: 2, minPoints: 1, mergeGapPoints: 2 });
    expect(sensitivitySettings("medium", DAY)).toMatchObject({ window: 1, minPoints: 1, mergeGapPoints: 1 });
  });

  it("takes a number as the band's k and rejects what is not a sensitivity", () => {
    expect(sensitivitySettings(5, MINUTE).k).toBe(5);
    expect(sensitivitySettings(5, MINUTE).sustainedK).toBeCloseTo(5 * (2.75 / 3.5));
    for (const bad of [0, 1, 11, NaN, Infinity]) expect(() => sensitivitySettings(bad, MINUTE)).toThrow(RangeError);
    expect(() => sensitivitySettings("extreme" as never, MINUTE)).toThrow(/Unknown sensitivity/);
  });
});

describe("previewSensitivity", () => {
  const item = syntheticSeries("level-shift", 42);
  const labelStart = item.series.startMs + item.labels[0].start * MINUTE;

  it("shows the episodes of the last 7 days, the injected shift among them", () => {
    const preview = previewSensitivity(item.series, { guard: item.guard });
    const seriesEnd = item.series.startMs + item.series.values.length * MINUTE;
    expect(preview.length).toBeGreaterThan(0);
    expect(preview.every((e) => (e.end ?? Infinity) > seriesEnd - 7 * DAY)).toBe(true);
    expect(preview.some((e) => e.start <= labelStart + 30 * MINUTE && (e.end ?? Infinity) >= labelStart)).toBe(true);
  });

  it("flags no more at low sensitivity than at high, and leaves out older episodes", () => {
    const low = previewSensitivity(item.series, { guard: item.guard, sensitivity: "low" });
    const high = previewSensitivity(item.series, { guard: item.guard, sensitivity: "high" });
    expect(low.length).toBeLessThanOrEqual(high.length);
    const all = detectAnomalies(item.series, { guard: item.guard }).episodes;
    const recent = previewSensitivity(item.series, { guard: item.guard, windowMs: 2 * HOUR });
    expect(recent.length).toBeLessThanOrEqual(all.length);
  });
});
