import { describe, expect, it } from "vitest";
import { DAY } from "@/lib/anomalies/series";
import { labelledSet, SYNTHETIC_KINDS, syntheticSeries } from "@/lib/anomalies/synthetic-series";

describe("syntheticSeries", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = syntheticSeries("drift", 3);
    expect(syntheticSeries("drift", 3)).toEqual(a);
    expect(syntheticSeries("drift", 4).series.values).not.toEqual(a.series.values);
  });

  it("labels one anomaly in the scored part of each anomalous kind and none otherwise", () => {
    for (const kind of SYNTHETIC_KINDS) {
      const item = syntheticSeries(kind, 17);
      const anomalous = ["level-shift", "spike", "drift", "latency-shift"].includes(kind);
      expect(item.labels).toHaveLength(anomalous ? 1 : 0);
      for (const label of item.labels) {
        expect(label.start).toBeGreaterThanOrEqual(7 * 1440);
        expect(label.end).toBeGreaterThan(label.start);
        expect(label.end).toBeLessThanOrEqual(item.series.values.length);
      }
    }
  });

  it("makes a holiday a weekday with weekend traffic, and tells the calendar", () => {
    const item = syntheticSeries("holiday", 5);
    expect(item.holidays).toHaveLength(1);
    const weekday = (Math.floor(item.holidays[0] / DAY) + 4) % 7;
    expect(weekday).toBeGreaterThanOrEqual(1);
    expect(weekday).toBeLessThanOrEqual(5);
    const dayIndex = (item.holidays[0] - item.series.startMs) / 60_000;
    const sum = (from: number) =>
      item.series.values.slice(from, from + 1440).reduce((s, v) => s + (v === v ? v : 0), 0);
    expect(sum(dayIndex)).toBeLessThan(0.9 * sum(dayIndex - 7 * 1440 >= 0 ? dayIndex - 7 * 1440 : dayIndex + 7 * 1440));
  });

  it("moves labelled values by several sigmas", () => {
    const item = syntheticSeries("level-shift", 8);
    const { start, end } = item.labels[0];
    const mean = (from: number, to: number) => {
      const slice = Array.from(item.series.values.slice(from, to)).filter((v) => v === v);
      return slice.reduce((s, v) => s + v, 0) / slice.length;
    };
    const inside = mean(start, end);
    const lastWeek = mean(start - 7 * 1440, end - 7 * 1440);
    expect(Math.abs(inside - lastWeek)).toBeGreaterThan(2 * Math.sqrt(lastWeek));
  });

  it("builds a set of every kind", () => {
    const set = labelledSet(2);
    expect(set).toHaveLength(2 * SYNTHETIC_KINDS.length);
    expect(new Set(set.map((s) => s.name)).size).toBe(set.length);
  });
});
