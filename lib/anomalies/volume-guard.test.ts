import { describe, expect, it } from "vitest";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { LOW_VOLUME, SCORED } from "@/lib/anomalies/baseline-result";
import { seasonalBaseline } from "@/lib/anomalies/seasonal-baseline";
import { HOUR, MINUTE, type RegularSeries } from "@/lib/anomalies/series";
import { seededRandom, syntheticSeries } from "@/lib/anomalies/synthetic-series";
import { applyVolumeGuard, volumeGuardReason } from "@/lib/anomalies/volume-guard";

const START = Date.UTC(2026, 2, 2);

describe("volumeGuardReason", () => {
  it("drops error-rate and latency points over too few requests", () => {
    expect(volumeGuardReason({ kind: "error-rate" }, MINUTE, 0.5, 3)).toBe("few-requests");
    expect(volumeGuardReason({ kind: "latency", minRequests: 5 }, MINUTE, 200, 5)).toBeNull();
    expect(volumeGuardReason({ kind: "error-rate" }, MINUTE, 0.5, NaN)).toBe("few-requests");
  });

  it("drops request-rate points whose expected rate an hour is below the minimum", () => {
    expect(volumeGuardReason({ kind: "request-rate" }, HOUR, 3, NaN)).toBe("low-expected-rate");
    expect(volumeGuardReason({ kind: "request-rate" }, MINUTE, 3, NaN)).toBeNull(); // 180 an hour
    expect(volumeGuardReason({ kind: "cost" }, HOUR, 0.01, NaN)).toBeNull();
  });
});

describe("applyVolumeGuard", () => {
  it("never pages for a service with 3 requests an hour, however its counts jump", () => {
    const random = seededRandom(3);
    const values = Float64Array.from({ length: 14 * 24 }, () => (random() < 0.1 ? 12 : Math.round(random() * 5)));
    const quiet: RegularSeries = { startMs: START, stepMs: HOUR, values };
    expect(detectAnomalies(quiet).episodes.length).toBeGreaterThan(0); // unguarded, it would
    const guarded = detectAnomalies(quiet, { guard: { kind: "request-rate" } });
    expect(guarded.episodes).toEqual([]);
    expect(Array.from(guarded.baseline.state).filter((s) => s === SCORED)).toEqual([]);
  });

  it("marks scored error-rate points with few requests low-volume and keeps the rest", () => {
    const values = Float64Array.from({ length: 5 * 1440 }, (_, i) => 0.01 + (i % 7) * 0.001);
    const volume = Float64Array.from({ length: 5 * 1440 }, (_, i) => (i % 2 ? 5 : 100));
    const series: RegularSeries = { startMs: START, stepMs: MINUTE, values, volume };
    const result = seasonalBaseline(series);
    const dropped = applyVolumeGuard(series, result, { kind: "error-rate" });
    expect(dropped).toBeGreaterThan(1000);
    expect(result.state[4 * 1440 + 1]).toBe(LOW_VOLUME);
    expect(Number.isNaN(result.score[4 * 1440 + 1])).toBe(true);
    expect(result.state[4 * 1440 + 2]).toBe(SCORED);
  });

  it("scores nothing of an error-rate series without request counts", () => {
    const series: RegularSeries = { startMs: START, stepMs: MINUTE, values: new Float64Array(4 * 1440).fill(0.1) };
    const { baseline } = detectAnomalies(series, { guard: { kind: "error-rate" } });
    expect(Array.from(baseline.state).includes(SCORED)).toBe(false);
  });

  it("raises nothing on the synthetic low-volume request and error series", () => {
    for (const kind of ["low-volume", "low-volume-errors"] as const) {
      const item = syntheticSeries(kind, 11);
      expect(detectAnomalies(item.series, { guard: item.guard }).episodes).toEqual([]);
    }
  });
});
