import { describe, expect, it } from "vitest";
import { coalesce } from "./coalesce";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("coalesce", () => {
  it("sends an item alone when nothing is in flight, and what arrives meanwhile together", async () => {
    const batches: number[][] = [];
    const double = coalesce(
      async (items: number[]) => {
        batches.push(items);
        await tick();
        return items.map((n) => n * 2);
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const first = double(1);
    await Promise.resolve();
    await Promise.resolve();
    const rest = [2, 3, 4, 5, 6].map(double);
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8, 10, 12]);
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it("runs at most maxInFlight batches at once", async () => {
    let running = 0;
    let most = 0;
    const same = coalesce(
      async (items: string[]) => {
        most = Math.max(most, ++running);
        await tick();
        running--;
        return items;
      },
      { maxBatch: 1, maxInFlight: 2 },
    );
    expect(await Promise.all(["a", "b", "c", "d", "e"].map(same))).toEqual(["a", "b", "c", "d", "e"]);
    expect(most).toBe(2);
  });

  it("retries a failed batch item by item, so only the bad item's caller fails", async () => {
    const calls: string[][] = [];
    const upper = coalesce(
      async (items: string[]) => {
        calls.push(items);
        if (items.includes("bad")) throw new Error("bad item");
        return items.map((s) => s.toUpperCase());
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.allSettled(["a", "bad", "c"].map(upper));
    expect(results).toEqual([
      { status: "fulfilled", value: "A" },
      { status: "rejected", reason: new Error("bad item") },
      { status: "fulfilled", value: "C" },
    ]);
    expect(calls).toEqual([["a", "bad", "c"], ["a"], ["bad"], ["c"]]);
  });

  it("refuses a batch answered with the wrong number of results", async () => {
    const short = coalesce(async (items: number[]) => items.slice(1), { maxBatch: 10, maxInFlight: 1 });
    await expect(short(1)).rejects.toThrow("0 results for 1 items");
  });
});
