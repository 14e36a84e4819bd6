import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SlicedBlooms } from "./sliced-blooms";
import { bloomHas, bloomHashes, buildBloom } from "./trace-bloom";

// The bit-sliced filters must answer exactly as testing each block's filter does, whatever the
// filter sizes, across word boundaries, and after blocks are dropped and their columns reused.

function blocks(n: number, traces: (i: number) => number) {
  return Array.from({ length: n }, (_, i) => {
    const ids = Array.from({ length: traces(i) }, () => randomBytes(16));
    return { id: `b${i}`, ids, bloom: buildBloom(ids) };
  });
}

function expected(all: { id: string; bloom: Buffer }[], traceIds: Buffer[]): string[] {
  return all
    .filter((b) => traceIds.some((t) => bloomHas(b.bloom, t)))
    .map((b) => b.id)
    .sort();
}

describe("bit-sliced trace filters", () => {
  it("find the same blocks as each filter tested alone, over several sizes and more than one word of blocks", () => {
    // 1 to 700 traces: filters from 64 bytes to 2 KB, 75 blocks (three 32-block words).
    const all = blocks(75, (i) => 1 + ((i * 37) % 700));
    const sliced = new SlicedBlooms();
    for (const b of all) sliced.add(b.id, b.bloom);
    expect(sliced.size).toBe(75);
    for (const b of all.filter((_, i) => i % 5 === 0)) {
      const probe = [b.ids[0], randomBytes(16)];
      const found = sliced.probe(probe.map(bloomHashes)).sort();
      expect(found).toContain(b.id);
      expect(found).toEqual(expected(all, probe));
    }
    const absent = Array.from({ length: 50 }, () => randomBytes(16));
    expect(sliced.probe(absent.map(bloomHashes)).sort()).toEqual(expected(all, absent));
  });

  it("forget a dropped block, reuse its column for the next, and ignore a block added twice", () => {
    const all = blocks(40, () => 30);
    const sliced = new SlicedBlooms();
    for (const b of all) sliced.add(b.id, b.bloom);
    sliced.delete("b7");
    sliced.delete("b7");
    sliced.delete("unknown");
    expect(sliced.has("b7")).toBe(false);
    expect(sliced.probe([bloomHashes(all[7].ids[0])])).not.toContain("b7");
    const [late] = blocks(1, () => 30);
    sliced.add("late", late.bloom);
    sliced.add("late", all[3].bloom);
    expect(sliced.size).toBe(40);
    expect(sliced.probe([bloomHashes(late.ids[0])])).toContain("late");
    const rest = [...all.filter((b) => b.id !== "b7"), { ...late, id: "late" }];
    for (const t of [all[3].ids[1], all[7].ids[2], late.ids[5]])
      expect(sliced.probe([bloomHashes(t)]).sort()).toEqual(expected(rest, [t]));
  });
});
