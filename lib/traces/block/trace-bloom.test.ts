import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BLOOM_K, bloomBytes, bloomHas, bloomHashes, buildBloom } from "@/lib/traces/block/trace-bloom";

/** The bit positions of the contract, computed independently (createHash, BigInt arithmetic). */
function positions(id: Buffer, bytes: number): number[] {
  const d = createHash("md5").update(id).digest();
  const h1 = BigInt(d[0] + d[1] * 256 + d[2] * 65536 + d[3] * 16777216);
  const h2 = BigInt(d[4] + d[5] * 256 + d[6] * 65536 + (d[7] | 0) * 16777216) | 1n;
  return Array.from({ length: BLOOM_K }, (_, i) => Number((h1 + BigInt(i) * h2) % BigInt(bytes * 8)));
}

describe("trace bloom", () => {
  it("hashes as the SQL probe does: md5 bytes 0-3 and 4-7 little-endian, h2 odd", () => {
    const id = Buffer.from("00112233445566778899aabbccddeeff", "hex");
    const d = createHash("md5").update(id).digest();
    const [h1, h2] = bloomHashes(id);
    expect(h1).toBe(d.readUInt32LE(0));
    expect(h2).toBe((d.readUInt32LE(4) | 1) >>> 0);
    expect(h2 % 2).toBe(1);
    expect(h1).toBeGreaterThanOrEqual(0);
    expect(h2).toBeGreaterThan(0);
  });

  it("sets exactly the contract's bits, in get_bit order (bit n is byte n>>3, bit n&7)", () => {
    for (let k = 0; k < 50; k++) {
      const id = randomBytes(16);
      const bloom = buildBloom([id]);
      const expected = new Set(positions(id, bloom.length));
      for (let n = 0; n < bloom.length * 8; n++) expect(((bloom[n >> 3] >> (n & 7)) & 1) === 1).toBe(expected.has(n));
    }
  });

  it("sizes to a power of two, at least 64 bytes and 2 bytes per trace", () => {
    expect(bloomBytes(0)).toBe(64);
    expect(bloomBytes(32)).toBe(64);
    expect(bloomBytes(33)).toBe(128);
    expect(bloomBytes(16_384)).toBe(32_768);
    for (const n of [1, 100, 1717, 5000, 8600]) {
      const b = bloomBytes(n);
      expect(b & (b - 1)).toBe(0);
      expect(b).toBeGreaterThanOrEqual(2 * n);
      expect(b).toBeLessThan(Math.max(128, 4 * n));
    }
  });

  it("has no false negatives on 10 000 ids and under 1 % false positives on absent ids", () => {
    const ids = Array.from({ length: 10_000 }, () => randomBytes(16));
    const bloom = buildBloom(ids);
    expect(ids.every((id) => bloomHas(bloom, id))).toBe(true);
    let falsePositives = 0;
    const probes = 100_000;
    for (let i = 0; i < probes; i++) if (bloomHas(bloom, randomBytes(16))) falsePositives++;
    console.log(`bloom: ${falsePositives} false positives in ${probes} absent ids (${bloom.length} B for 10 000 ids)`);
    expect(falsePositives / probes).toBeLessThan(0.01);
  });

  it("says no for an empty block's filter and an empty id not in it, and works for odd id lengths", () => {
    expect(bloomHas(buildBloom([]), randomBytes(16))).toBe(false);
    const odd = [Buffer.alloc(0), Buffer.from([1]), randomBytes(300)];
    const bloom = buildBloom(odd);
    expect(odd.every((id) => bloomHas(bloom, id))).toBe(true);
    expect(bloomHas(Buffer.alloc(0), Buffer.alloc(16))).toBe(false);
  });
});
