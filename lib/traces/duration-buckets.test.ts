import { describe, expect, it } from "vitest";
import { DURATION_EDGES_NS, durationBuckets } from "./duration-buckets";

describe("duration buckets", () => {
  it("steps 1-2-5 from 10 µs to 5,000 s", () => {
    expect(DURATION_EDGES_NS.slice(0, 4)).toEqual([10_000, 20_000, 50_000, 100_000]);
    expect(DURATION_EDGES_NS.at(-1)).toBe(5e15);
    for (let i = 1; i < DURATION_EDGES_NS.length; i++)
      expect(DURATION_EDGES_NS[i]).toBeGreaterThan(DURATION_EDGES_NS[i - 1]);
  });

  it("keeps the buckets from the first with a count to the last, empty ones between", () => {
    expect(durationBuckets(new Map())).toEqual([]);
    expect(durationBuckets(new Map([[3, 0]]))).toEqual([]);
    expect(
      durationBuckets(
        new Map([
          [9, 4],
          [11, 1],
          [2, 0],
        ]),
      ),
    ).toEqual([
      { fromMs: 5, toMs: 10, count: 4 },
      { fromMs: 10, toMs: 20, count: 0 },
      { fromMs: 20, toMs: 50, count: 1 },
    ]);
  });

  it("opens the ends: below the first edge from 0, past the last without an upper bound", () => {
    const last = DURATION_EDGES_NS.length;
    expect(
      durationBuckets(
        new Map([
          [0, 1],
          [1, 2],
        ]),
      ),
    ).toEqual([
      { fromMs: 0, toMs: 0.01, count: 1 },
      { fromMs: 0.01, toMs: 0.02, count: 2 },
    ]);
    expect(durationBuckets(new Map([[last, 7]]))).toEqual([{ fromMs: 5e9, toMs: null, count: 7 }]);
  });
});
