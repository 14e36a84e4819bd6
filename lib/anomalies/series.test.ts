import { describe, expect, it } from "vitest";
import { checkSeries, MAX_POINTS, MINUTE, toRegularSeries } from "@/lib/anomalies/series";

const T = Date.UTC(2026, 0, 5, 10);

describe("toRegularSeries", () => {
  it("sorts unsorted points onto the grid and fills gaps with NaN", () => {
    const series = toRegularSeries(
      [
        { t: T + 3 * MINUTE, value: 4 },
        { t: T, value: 1 },
        { t: T + MINUTE, value: null },
      ],
      MINUTE,
    );
    expect(series.startMs).toBe(T);
    expect(Array.from(series.values)).toEqual([1, NaN, NaN, 4]);
  });

  it("turns NaN and ±Infinity into missing points and keeps 1e308 and negatives", () => {
    const series = toRegularSeries(
      [
        { t: T, value: Infinity },
        { t: T + MINUTE, value: -Infinity },
        { t: T + 2 * MINUTE, value: NaN },
        { t: T + 3 * MINUTE, value: 1e308 },
        { t: T + 4 * MINUTE, value: -7 },
      ],
      MINUTE,
    );
    expect(Array.from(series.values)).toEqual([NaN, NaN, NaN, 1e308, -7]);
  });

  it("returns an empty series for no points", () => {
    expect(toRegularSeries([], MINUTE).values).toHaveLength(0);
  });

  it("rejects duplicate timestamps, off-grid timestamps and non-integer times", () => {
    expect(() =>
      toRegularSeries(
        [
          { t: T, value: 1 },
          { t: T, value: 2 },
        ],
        MINUTE,
      ),
    ).toThrow(/twice/);
    expect(() =>
      toRegularSeries(
        [
          { t: T, value: 1 },
          { t: T + 1000, value: 2 },
        ],
        MINUTE,
      ),
    ).toThrow(/grid/);
    expect(() => toRegularSeries([{ t: NaN, value: 1 }], MINUTE)).toThrow(/whole number/);
    expect(() => toRegularSeries([{ t: 1.5, value: 1 }], MINUTE)).toThrow(/whole number/);
  });

  it("rejects a series spanning more than MAX_POINTS steps before allocating it", () => {
    const far = T + (MAX_POINTS + 10) * MINUTE;
    expect(() =>
      toRegularSeries(
        [
          { t: T, value: 1 },
          { t: far, value: 1 },
        ],
        MINUTE,
      ),
    ).toThrow(/too long/);
    expect(() => toRegularSeries([{ t: T, value: 1 }], 0)).toThrow(/step/);
  });
});

describe("checkSeries", () => {
  it("rejects a volume that does not have one value per point", () => {
    const series = { startMs: T, stepMs: MINUTE, values: new Float64Array(3), volume: new Float64Array(2) };
    expect(() => checkSeries(series)).toThrow(/one value per point/);
    expect(() => checkSeries({ ...series, volume: new Float64Array(3) })).not.toThrow();
  });
});
