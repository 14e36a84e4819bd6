import { describe, expect, it } from "vitest";
import { encodeBlock } from "@/lib/traces/block/encode-block";
import { decodeBlock } from "@/lib/traces/block/open-block";
import { sampleBatch, sampleRow } from "@/lib/traces/block/sample-spans";
import type { SpanRow } from "@/lib/traces/block/span-row";

/** The documented block order, written independently of order-spans.ts. */
function blockOrder(rows: SpanRow[]): SpanRow[] {
  const key = (r: SpanRow) =>
    [r.startUs, r.startExtraNs === null ? -1 : r.startExtraNs, r.spanId.toString("hex")] as const;
  const cmp = (a: SpanRow, b: SpanRow) => {
    const [x, y] = [key(a), key(b)];
    if (x[0] !== y[0]) return x[0] < y[0] ? -1 : 1;
    if (x[1] !== y[1]) return x[1] - y[1];
    return x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0;
  };
  const traces = new Map<string, SpanRow[]>();
  for (const r of rows) traces.set(r.traceId.toString("hex"), [...(traces.get(r.traceId.toString("hex")) ?? []), r]);
  const sorted = [...traces.values()].map((t) => [...t].sort(cmp));
  sorted.sort((a, b) => cmp(a[0], b[0]) || Buffer.compare(a[0].traceId, b[0].traceId));
  return sorted.flat();
}

const roundTrip = (rows: SpanRow[]) => decodeBlock(encodeBlock(rows).columns);

describe("encodeBlock round trip", () => {
  it("gives back a single span exactly", () => {
    const row = sampleRow();
    expect(roundTrip([row])).toEqual([row]);
  });

  it("gives back 16 384 interleaved spans exactly, grouped by trace in block order", () => {
    const rows = sampleBatch(16_384, 7);
    const back = roundTrip(rows);
    expect(back).toHaveLength(16_384);
    expect(back).toEqual(blockOrder(rows));
    // Each trace's rows are contiguous.
    const seen = new Set<string>();
    let last = "";
    for (const r of back) {
      const id = r.traceId.toString("hex");
      if (id !== last) expect(seen.has(id)).toBe(false);
      seen.add(id);
      last = id;
    }
  });

  it("refuses an empty block, one of 16 385 spans and one of two services", () => {
    expect(() => encodeBlock([])).toThrow(/1 to 16384/);
    expect(() => encodeBlock(sampleBatch(16_385, 2))).toThrow(/16385 spans/);
    expect(() => encodeBlock([sampleRow(), sampleRow({ service: "other", spanId: Buffer.alloc(8, 9) })])).toThrow(
      /checkout and other/,
    );
  });

  it("keeps every OTLP attribute value type as the exact JSONB text", () => {
    const texts = [
      "{}",
      '{"1": "a"}',
      '{"1": 9007199254740991, "2": {"intValue": "9223372036854775807"}, "3": {"intValue": "-9223372036854775808"}}',
      '{"4": 0.25, "5": {"doubleValue": 3}, "6": {"doubleValue": "NaN"}, "7": {"doubleValue": "Infinity"}, "8": {"doubleValue": "-Infinity"}}',
      '{"9": true, "10": false, "11": null, "~k": {"bytesValue": "AAEC/w=="}}',
      '{"12": [1, "a", [true, null], {"kvlistValue": [["x", 1], ["y", [2]]]}], "13": []}',
      '{"14": 1.0000000000000000000001, "15": -0, "16": 1e400}',
      '{"~a\\"b": "quote \\" backslash \\\\ tab \\t nl \\n u \\u0001", "~é": "ü €"}',
      "not json at all {",
      "",
    ];
    const rows = texts.map((attributes, i) => sampleRow({ attributes, spanId: Buffer.from([i]), startUs: BigInt(i) }));
    expect(roundTrip(rows).map((r) => r.attributes)).toEqual(texts);
  });

  it("keeps '' apart from null in every nullable field, and NUL, U+FFFD and 1 MB texts", () => {
    const nullable = [
      "statusMessage",
      "traceState",
      "environment",
      "httpRoute",
      "dbSystem",
      "peerService",
      "feature",
      "scopeName",
      "scopeVersion",
      "events",
      "links",
    ] as const;
    const big = "x".repeat(1 << 20) + "\u00e9\ufffd";
    const values = [null, "", "\u0000", "\ufffd", big, "a\u0000b"];
    const rows = values.map((v, i) => {
      const row = sampleRow({ spanId: Buffer.from([i]), startUs: BigInt(i), httpStatusCode: i === 0 ? null : 0 });
      for (const f of nullable) (row as unknown as Record<string, unknown>)[f] = v;
      return row;
    });
    rows.push(sampleRow({ name: "", attributes: `{"1": "${big}"}`, spanId: Buffer.from([9]), startUs: 99n }));
    expect(roundTrip(rows)).toEqual(rows);
  });

  it("refuses a lone surrogate, which no stored text can hold", () => {
    expect(() => encodeBlock([sampleRow({ name: "a\ud800" })])).toThrow(/lone surrogate/);
    expect(() => encodeBlock([sampleRow({ attributes: '{"1": "\udc00"}' })])).toThrow(/lone surrogate/);
    expect(() => encodeBlock([sampleRow({ service: "\ud800" })])).toThrow(/lone surrogate/);
  });

  it("keeps ids of any length, empty and odd, and parents inside and outside the block", () => {
    const traceA = Buffer.from("abc");
    const rows = [
      sampleRow({ traceId: traceA, spanId: Buffer.alloc(0), parentSpanId: null }),
      sampleRow({ traceId: traceA, spanId: Buffer.from([1, 2, 3]), parentSpanId: Buffer.alloc(0), startUs: 2n }),
      sampleRow({ traceId: traceA, spanId: Buffer.alloc(300, 7), parentSpanId: Buffer.from([1, 2, 3]), startUs: 3n }),
      sampleRow({ traceId: Buffer.alloc(0), spanId: Buffer.alloc(8, 1), parentSpanId: Buffer.alloc(17, 5) }),
      sampleRow({ traceId: Buffer.alloc(33, 9), spanId: Buffer.alloc(8, 2), parentSpanId: Buffer.alloc(8, 3) }),
    ];
    expect(roundTrip(rows)).toEqual(blockOrder(rows));
    // 16-byte trace ids with 8-byte span ids and a 16-byte external parent.
    const mixed = [
      sampleRow({ parentSpanId: Buffer.alloc(16, 4) }),
      sampleRow({ spanId: Buffer.alloc(8, 3), startUs: 5n }),
    ];
    expect(roundTrip(mixed)).toEqual(blockOrder(mixed));
  });

  it("keeps int64 extremes of durations and starts, and extra ns null, 0 and 999", () => {
    const max = 2n ** 63n - 1n;
    const min = -(2n ** 63n);
    const rows = [
      sampleRow({ durationNs: max, startExtraNs: null, spanId: Buffer.from([1]) }),
      sampleRow({ durationNs: min, startExtraNs: 0, spanId: Buffer.from([2]) }),
      sampleRow({ durationNs: 0n, startExtraNs: 999, spanId: Buffer.from([3]) }),
      sampleRow({ durationNs: -1n, startUs: min, traceId: Buffer.alloc(16, 3) }),
      sampleRow({ durationNs: 2n ** 52n, startUs: max, traceId: Buffer.alloc(16, 4) }),
    ];
    expect(roundTrip(rows)).toEqual(blockOrder(rows));
    const safe = [sampleRow({ startUs: -5n }), sampleRow({ startUs: 2n ** 53n - 1n, traceId: Buffer.alloc(16, 8) })];
    expect(roundTrip(safe)).toEqual(blockOrder(safe));
  });

  it("refuses a start_extra_ns no column can hold", () => {
    expect(() => encodeBlock([sampleRow({ startExtraNs: -1 })])).toThrow(/startExtraNs/);
    expect(() => encodeBlock([sampleRow({ startExtraNs: 0.5 })])).toThrow(/startExtraNs/);
  });

  it("stores no extra group when no span has events or links, and one when any has", () => {
    expect(encodeBlock([sampleRow()]).columns.extra).toBeNull();
    const rows = [sampleRow({ links: "[]" }), sampleRow({ spanId: Buffer.alloc(8, 5), events: '[{"name": "e"}]' })];
    expect(encodeBlock(rows).columns.extra).not.toBeNull();
    expect(roundTrip(rows)).toEqual(blockOrder(rows));
  });
});
