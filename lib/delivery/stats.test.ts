import { describe, expect, it } from "vitest";
import { devlakeMedian, mean } from "@/lib/delivery/stats";

/** DevLake's SQL, literally: max(x) over rows whose percent_rank() <= 0.5 (ties share the lowest rank). */
function percentRankMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const ranked = sorted.filter((v) => (n === 1 ? 0 : sorted.indexOf(v) / (n - 1)) <= 0.5);
  return Math.max(...ranked);
}

describe("devlakeMedian", () => {
  it("takes the lower middle of an even count, not the average", () => {
    expect(devlakeMedian([1, 2])).toBe(1);
    expect(devlakeMedian([4, 1, 3, 2])).toBe(2);
    expect(devlakeMedian([3, 1, 2])).toBe(2);
    expect(devlakeMedian([7])).toBe(7);
  });
  it("handles ties", () => {
    expect(devlakeMedian([9, 2, 2, 2, 1, 9])).toBe(2);
    expect(devlakeMedian([5, 5, 5, 5])).toBe(5);
    expect(devlakeMedian([1, 1, 9, 9])).toBe(1);
  });
  it("is null with no values and does not reorder its input", () => {
    expect(devlakeMedian([])).toBeNull();
    const input = [3, 1, 2];
    devlakeMedian(input);
    expect(input).toEqual([3, 1, 2]);
  });
  it("agrees with DevLake's percent_rank SQL on lists with many ties", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 6;
    for (let n = 1; n <= 40; n++) {
      const values = Array.from({ length: n }, next);
      expect(devlakeMedian(values)).toBe(percentRankMedian(values));
    }
  });
});

describe("mean", () => {
  it("averages, null with no values", () => {
    expect(mean([1, 2])).toBe(1.5);
    expect(mean([10, 0, 0, 2])).toBe(3);
    expect(mean([])).toBeNull();
  });
});
