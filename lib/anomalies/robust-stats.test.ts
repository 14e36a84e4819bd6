import { describe, expect, it } from "vitest";
import { madInPlace, median, medianInPlace, selectKth, theilSen } from "@/lib/anomalies/robust-stats";
import { seededRandom } from "@/lib/anomalies/synthetic-series";

describe("robust statistics", () => {
  it("selects the k-th smallest like a sort does, duplicates included", () => {
    const random = seededRandom(5);
    for (let round = 0; round < 50; round++) {
      const values = Float64Array.from({ length: 1 + Math.floor(random() * 60) }, () => Math.floor(random() * 10));
      const sorted = Array.from(values).sort((a, b) => a - b);
      const k = Math.floor(random() * values.length);
      expect(selectKth(Float64Array.from(values), 0, values.length, k)).toBe(sorted[k]);
    }
  });

  it("takes medians of odd, even, empty and sub-ranges", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(medianInPlace(Float64Array.from([100, 1, 2, 3, 100]), 1, 4)).toBe(2);
    expect(median([1e308, 1e308])).toBe(1e308);
  });

  it("gives the MAD around a centre", () => {
    expect(madInPlace(Float64Array.from([1, 2, 3, 4, 100]), 3)).toBe(1);
  });

  it("fits Theil–Sen through outliers that would bend least squares", () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7];
    const y = x.map((v) => 2 * v + 1);
    y[3] = 100;
    expect(theilSen(x, y)).toEqual({ slope: 2, intercept: 1 });
    expect(theilSen([], [])).toEqual({ slope: 0, intercept: NaN });
    expect(theilSen([1], [4])).toEqual({ slope: 0, intercept: 4 });
  });
});
