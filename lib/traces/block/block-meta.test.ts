import { describe, expect, it } from "vitest";
import { encodeBlock } from "@/lib/traces/block/encode-block";
import { sampleRow } from "@/lib/traces/block/sample-spans";
import { bloomHas } from "@/lib/traces/block/trace-bloom";

describe("block metadata", () => {
  it("counts errors, server errors, roots and traces, and spans the times and durations", () => {
    const t1 = Buffer.alloc(16, 1);
    const t2 = Buffer.alloc(16, 2);
    const rows = [
      sampleRow({ traceId: t1, spanId: Buffer.from("a"), startUs: 1_000n, durationNs: 2_001n, statusCode: 2 }),
      sampleRow({
        traceId: t1,
        spanId: Buffer.from("b"),
        parentSpanId: Buffer.from("a"),
        startUs: 1_500n,
        durationNs: 0n,
      }),
      sampleRow({ traceId: t2, spanId: Buffer.from("c"), startUs: 900n, durationNs: -5_000n, httpStatusCode: 500 }),
      sampleRow({ traceId: t2, spanId: Buffer.from("d"), startUs: 1_200n, httpStatusCode: 499, statusCode: 1 }),
      sampleRow({ traceId: t2, spanId: Buffer.from("e"), startUs: 1_300n, httpStatusCode: null, name: "Ä" }),
      sampleRow({ traceId: t2, spanId: Buffer.from("f"), startUs: 1_400n, name: "Z", resourceFp: -3n }),
    ];
    const { meta } = encodeBlock(rows);
    expect({ ...meta, bloom: undefined }).toEqual({
      service: "checkout",
      format: 1,
      spanCount: 6,
      traceCount: 2,
      errorCount: 1,
      serverErrorCount: 1,
      rootCount: 5,
      minStartUs: 900n,
      maxStartUs: 1_500n,
      // 1 000 µs + ceil(2 001 ns) = 1 003; 1 400 + ceil(1.5 ms) = 2 900 is the latest end.
      maxEndUs: 2_900n,
      minDurationNs: -5_000n,
      maxDurationNs: 1_500_000n,
      names: ["GET /cart", "Z", "Ä"],
      resourceFps: [-3n, 42n],
      bloom: undefined,
    });
    expect(bloomHas(meta.bloom, t1) && bloomHas(meta.bloom, t2)).toBe(true);
    expect(meta.bloom.length).toBe(64);
  });

  it("never puts the end before the last start, even when every duration is negative", () => {
    const rows = [
      sampleRow({ startUs: 10n, durationNs: -9_999n }),
      sampleRow({ spanId: Buffer.from("x"), startUs: 20n, durationNs: -1n }),
    ];
    const { meta } = encodeBlock(rows);
    expect(meta.maxEndUs).toBe(20n);
    // ceil(-1 ns) in µs is 0: the end equals the start.
    expect(encodeBlock([sampleRow({ startUs: 7n, durationNs: 1n })]).meta.maxEndUs).toBe(8n);
  });
});
