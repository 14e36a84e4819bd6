import { describe, expect, it } from "vitest";
import { bitWidth, readPacked, unpackAll, writePacked } from "@/lib/traces/block/bit-pack";
import { BlockCorruptError, ByteReader } from "@/lib/traces/block/byte-reader";
import { ByteWriter } from "@/lib/traces/block/byte-writer";

describe("varints", () => {
  it("round-trip numbers at every byte boundary up to 2^53 - 1, signed and unsigned", () => {
    const values = [
      0,
      1,
      127,
      128,
      16_383,
      16_384,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 49,
      Number.MAX_SAFE_INTEGER,
    ];
    const w = new ByteWriter(1);
    for (const v of values) w.uvar(v);
    for (const v of values) w.svar(v >= 2 ** 52 ? 2 ** 52 - 1 : v);
    for (const v of values) w.svar(v >= 2 ** 52 ? -(2 ** 52 - 1) : -v);
    const r = new ByteReader(w.out());
    expect(values.map(() => r.uvar())).toEqual(values);
    expect(values.map(() => r.svar())).toEqual(values.map((v) => (v >= 2 ** 52 ? 2 ** 52 - 1 : v)));
    expect(values.map(() => r.svar())).toEqual(values.map((v) => (v >= 2 ** 52 ? -(2 ** 52 - 1) : -v || 0)));
    r.finish();
  });

  it("round-trip bigints of int64 and beyond", () => {
    const values = [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n, 123_456_789_012_345_678n];
    const w = new ByteWriter();
    for (const v of values) w.sbig(v);
    const r = new ByteReader(w.out());
    expect(values.map(() => r.sbig())).toEqual(values);
  });

  it("throw a clear error on a truncated or overlong number", () => {
    expect(() => new ByteReader(Buffer.from([0x80])).uvar()).toThrow(BlockCorruptError);
    expect(() => new ByteReader(Buffer.alloc(12, 0xff)).uvar()).toThrow(/too large/);
    expect(() => new ByteReader(Buffer.alloc(12, 0xff)).ubig()).toThrow(/too large/);
    expect(() => new ByteReader(Buffer.from([5, 1])).str()).toThrow(/ends inside text/);
    expect(() => new ByteReader(Buffer.from([3])).count(2)).toThrow(/exceeds 2/);
  });

  it("writes strings of any size as UTF-8 with their byte length", () => {
    const texts = ["", "a", "é€😀", "\u0000", "x".repeat(200_000)];
    const w = new ByteWriter(2);
    for (const s of texts) w.str(s);
    const r = new ByteReader(w.out());
    expect(texts.map(() => r.str())).toEqual(texts);
  });
});

describe("bit packing", () => {
  it("round-trips every width 1-24 at random access and in bulk", () => {
    for (let width = 1; width <= 24; width++) {
      const values = Array.from({ length: 1000 }, (_, i) => ((i * 2_654_435_761) % 2 ** width) >>> 0);
      const w = new ByteWriter();
      w.u8(7);
      writePacked(w, values, width);
      const buf = w.out();
      expect(values.every((v, i) => readPacked(buf, 1, width, i) === v)).toBe(true);
      expect([...unpackAll(buf, 1, width, values.length, 2 ** width)]).toEqual(values);
    }
  });

  it("needs the right width and refuses indexes past the dictionary", () => {
    expect([0, 1, 2, 3, 255, 256].map(bitWidth)).toEqual([0, 1, 2, 2, 8, 9]);
    const w = new ByteWriter();
    writePacked(w, [0, 3], 2);
    expect(() => unpackAll(w.out(), 0, 2, 2, 3)).toThrow(/index 3 beyond a dictionary of 3/);
    expect(() => unpackAll(w.out(), 0, 2, 40, 4)).toThrow(/ends early/);
    expect(() => writePacked(new ByteWriter(), [1], 25)).toThrow(/bit width/);
  });
});
