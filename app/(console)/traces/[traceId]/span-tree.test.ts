import { describe, expect, it } from "vitest";
import { spanTree, visibleRows } from "./span-tree";
import type { TraceSpan } from "@/lib/traces/get-trace";

const span = (spanId: string, parentSpanId: string | null, startNs: bigint, durationMs = 1): TraceSpan => ({
  spanId,
  parentSpanId,
  traceState: null,
  flags: 0,
  service: "svc",
  name: spanId,
  kind: 1,
  startTimeUnixNano: String(startNs),
  endTimeUnixNano: String(startNs + BigInt(durationMs * 1e6)),
  startTime: "",
  endTime: "",
  durationNs: String(durationMs * 1e6),
  durationMs,
  status: { code: 0, message: null },
  attributes: [],
  resource: { attributes: [] },
  scope: null,
  events: [],
  links: [],
});

const T0 = 1_800_000_000_000_000_000n;
const names = (rows: { span: TraceSpan; depth: number }[]) => rows.map((row) => `${row.span.spanId}@${row.depth}`);

describe("span tree", () => {
  const spans = [
    span("a", null, T0),
    span("b", "a", T0 + 1000n),
    span("c", "b", T0 + 2001n),
    span("d", "a", T0 + 5000n),
    span("e", "gone", T0 + 7000n),
  ];

  it("draws children under their parent and an orphan as a root, with exact offsets", () => {
    const tree = spanTree(spans);
    const rows = visibleRows(tree, new Set());
    expect(names(rows)).toEqual(["a@0", "b@1", "c@2", "d@1", "e@0"]);
    expect(rows.map((row) => row.descendants)).toEqual([3, 1, 0, 0, 0]);
    expect(rows[2].startMs).toBe(0.002001);
  });

  it("hides a collapsed span's subtree and only that", () => {
    const rows = visibleRows(spanTree(spans), new Set(["b"]));
    expect(names(rows)).toEqual(["a@0", "b@1", "d@1", "e@0"]);
    expect(names(visibleRows(spanTree(spans), new Set(["a"])))).toEqual(["a@0", "e@0"]);
  });

  it("shows every span once when parents form a cycle or a span is its own parent", () => {
    const looped = [span("x", "y", T0), span("y", "x", T0 + 1n), span("z", "z", T0 + 2n)];
    expect(names(visibleRows(spanTree(looped), new Set()))).toEqual(["z@0", "x@0", "y@1"]);
  });

  it("walks a chain 10,000 deep without overflowing the stack", () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => span(`s${i}`, i ? `s${i - 1}` : null, T0 + BigInt(i)));
    const tree = spanTree(chain);
    expect(tree.descendants.get("s0")).toBe(9_999);
    expect(visibleRows(tree, new Set())).toHaveLength(10_000);
  });
});
