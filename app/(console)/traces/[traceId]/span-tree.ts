import type { TraceSpan } from "@/lib/traces/get-trace";

export interface SpanRow {
  span: TraceSpan;
  depth: number;
  /** Start after the trace's first span, ms (from exact nanoseconds). */
  startMs: number;
  /** Spans under it, however deep: what collapsing it hides. */
  descendants: number;
}

export interface SpanTree {
  /** Children of each span id; null holds the roots (spans whose parent is absent from the trace). */
  children: Map<string | null, TraceSpan[]>;
  descendants: Map<string, number>;
  origin: bigint;
}

/** Spans by parent id; null holds those whose parent is absent from the trace (or is the span itself). */
function byParent(spans: TraceSpan[]): Map<string | null, TraceSpan[]> {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | null, TraceSpan[]>();
  for (const span of spans) {
    const known = span.parentSpanId && span.parentSpanId !== span.spanId && ids.has(span.parentSpanId);
    const parent = known ? span.parentSpanId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(span);
    else children.set(parent, [span]);
  }
  return children;
}

/**
 * The trace as a forest, children in start order as the API returns them. Every span appears once:
 * a span in a parent cycle (which no root reaches) starts a tree of its own.
 */
export function spanTree(spans: TraceSpan[]): SpanTree {
  const all = byParent(spans);
  const children = new Map<string | null, TraceSpan[]>([[null, []]]);
  const descendants = new Map<string, number>();
  const seen = new Set<string>();
  // Post-order without recursion: a 10,000-deep chain must not overflow the stack.
  const walk = (root: TraceSpan) => {
    const stack = [{ span: root, done: false }];
    seen.add(root.spanId);
    while (stack.length) {
      const top = stack.pop() as { span: TraceSpan; done: boolean };
      const id = top.span.spanId;
      if (top.done) {
        const kids = children.get(id) ?? [];
        descendants.set(
          id,
          kids.reduce((sum, kid) => sum + 1 + (descendants.get(kid.spanId) ?? 0), 0),
        );
        continue;
      }
      const kids = (all.get(id) ?? []).filter((kid) => !seen.has(kid.spanId));
      for (const kid of kids) seen.add(kid.spanId);
      children.set(id, kids);
      stack.push({ span: top.span, done: true });
      for (const kid of kids) stack.push({ span: kid, done: false });
    }
  };
  for (const span of [...(all.get(null) ?? []), ...spans]) {
    if (seen.has(span.spanId)) continue;
    children.get(null)?.push(span);
    walk(span);
  }
  const origin = spans.reduce(
    (min, span) => {
      const start = BigInt(span.startTimeUnixNano);
      return start < min ? start : min;
    },
    BigInt(spans[0]?.startTimeUnixNano ?? 0),
  );
  return { children, descendants, origin };
}

/** The rows to draw: depth-first, children under their parent, none under a collapsed span. */
export function visibleRows(tree: SpanTree, collapsed: ReadonlySet<string>): SpanRow[] {
  const rows: SpanRow[] = [];
  const stack = [...(tree.children.get(null) ?? [])].reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length) {
    const { span, depth } = stack.pop() as { span: TraceSpan; depth: number };
    rows.push({
      span,
      depth,
      startMs: Number(BigInt(span.startTimeUnixNano) - tree.origin) / 1e6,
      descendants: tree.descendants.get(span.spanId) ?? 0,
    });
    if (collapsed.has(span.spanId)) continue;
    const kids = tree.children.get(span.spanId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], depth: depth + 1 });
  }
  return rows;
}
