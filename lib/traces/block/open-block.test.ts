import { describe, expect, it } from "vitest";
import type { BlockColumns } from "@/lib/traces/block/block-types";
import { BlockCorruptError } from "@/lib/traces/block/byte-reader";
import { encodeBlock } from "@/lib/traces/block/encode-block";
import { decodeBlock, openBlock } from "@/lib/traces/block/open-block";
import { sampleBatch, sampleRow } from "@/lib/traces/block/sample-spans";
import type { SpanRow } from "@/lib/traces/block/span-row";

const rows = sampleBatch(3_000, 11);
const { meta, columns } = encodeBlock(rows);
const decoded = decodeBlock(columns);
const GROUPS = ["traceIds", "ids", "times", "core", "attrs", "extra"] as const;

describe("openBlock", () => {
  it("finds each trace's rows, contiguous, and nothing for an absent or wrong-length id", () => {
    const block = openBlock(columns);
    const byTrace = new Map<string, SpanRow[]>();
    for (const r of rows)
      byTrace.set(r.traceId.toString("hex"), [...(byTrace.get(r.traceId.toString("hex")) ?? []), r]);
    for (const [hex, spans] of byTrace) {
      const at = block.rowsOfTrace(Buffer.from(hex, "hex"));
      expect(at).toHaveLength(spans.length);
      expect(at.every((p, k) => k === 0 || p === at[k - 1] + 1)).toBe(true);
      expect(at.map((p) => block.row(p)).sort((a, b) => Buffer.compare(a.spanId, b.spanId))).toEqual(
        [...spans].sort((a, b) => Buffer.compare(a.spanId, b.spanId)),
      );
    }
    expect(block.rowsOfTrace(Buffer.alloc(16, 0xee))).toEqual([]);
    expect(block.rowsOfTrace(Buffer.alloc(15, 0))).toEqual([]);
    expect(block.rowsOfTrace(Buffer.alloc(0))).toEqual([]);
  });

  it("finds a trace id only at an id boundary, not straddling two ids", () => {
    const a = Buffer.from("00112233445566778899aabbccddeeff", "hex");
    const b = Buffer.from("0123456789abcdef0123456789abcdef", "hex");
    const block = openBlock(
      encodeBlock([sampleRow({ traceId: a }), sampleRow({ traceId: b, startUs: 1_796_000_000_000_001n })]).columns,
    );
    const straddling = Buffer.concat([a.subarray(8), b.subarray(0, 8)]);
    expect(block.rowsOfTrace(straddling)).toEqual([]);
    expect(block.rowsOfTrace(b)).toEqual([1]);
  });

  it("gets every field of every row as decodeBlock has it", () => {
    const block = openBlock(columns);
    expect(block.count).toBe(rows.length);
    for (const field of Object.keys(decoded[0]) as (keyof SpanRow)[])
      for (let i = 0; i < block.count; i += 97) expect(block.get(field, i)).toEqual(decoded[i][field]);
  });

  it("refuses a row outside the block", () => {
    const block = openBlock(columns);
    expect(() => block.get("name", rows.length)).toThrow(RangeError);
    expect(() => block.row(-1)).toThrow(RangeError);
    expect(() => block.get("name", 0.5)).toThrow(RangeError);
  });

  it("reads a trace, starts and names without touching attrs or extra", () => {
    const damaged = { ...columns, attrs: Buffer.from("garbage"), extra: Buffer.alloc(3) };
    const block = openBlock(damaged);
    const at = block.rowsOfTrace(decoded[100].traceId);
    expect(at.length).toBeGreaterThan(0);
    expect(block.get("startUs", at[0])).toBe(decoded[at[0]].startUs);
    expect(block.get("name", at[0])).toBe(decoded[at[0]].name);
    expect(() => block.get("attributes", at[0])).toThrow(BlockCorruptError);
    expect(() => block.get("events", at[0])).toThrow(BlockCorruptError);
  });
});

describe("a damaged block", () => {
  it("throws on any flipped byte in any column, never giving back other rows", () => {
    for (const group of GROUPS) {
      const original = columns[group]!;
      const step = Math.max(1, Math.floor(original.length / 40));
      for (let at = 0; at < original.length; at += step) {
        const copy = Buffer.from(original);
        copy[at] ^= 0x10;
        const broken: BlockColumns = { ...columns, [group]: copy };
        expect(() => decodeBlock(broken), `${group} byte ${at}`).toThrow(BlockCorruptError);
      }
    }
  });

  it("throws on truncated, empty, swapped or wrongly versioned columns", () => {
    for (const group of GROUPS) {
      const original = columns[group]!;
      for (const broken of [original.subarray(0, original.length - 1), Buffer.alloc(0), original.subarray(0, 5)])
        expect(() => decodeBlock({ ...columns, [group]: broken }), group).toThrow(BlockCorruptError);
    }
    expect(() => decodeBlock({ ...columns, times: columns.core })).toThrow(BlockCorruptError);
    const versioned = Buffer.from(columns.core);
    versioned[1] = 2;
    expect(() => decodeBlock({ ...columns, core: versioned })).toThrow(/format 2/);
    const codec = Buffer.from(columns.core);
    codec[0] = 9;
    expect(() => decodeBlock({ ...columns, core: codec })).toThrow(/unknown codec 9/);
  });

  it("throws when a group of another block is put in", () => {
    const other = encodeBlock(sampleBatch(500, 12)).columns;
    for (const group of ["traceIds", "times", "core", "attrs"] as const)
      expect(() => decodeBlock({ ...columns, [group]: other[group] }), group).toThrow(BlockCorruptError);
  });

  it("throws when events and links are missing from a block that has them", () => {
    expect(meta.spanCount).toBe(rows.length);
    expect(columns.extra).not.toBeNull();
    expect(() => decodeBlock({ ...columns, extra: null })).toThrow(BlockCorruptError);
  });
});
