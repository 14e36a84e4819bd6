"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { formatDuration } from "../format";
import { KindBadge } from "./kind-badge";
import { SpanPanel } from "./span-panel";
import { type SpanRow, spanTree, visibleRows } from "./span-tree";
import styles from "./trace.module.css";
import type { Trace, TraceSpan } from "@/lib/traces/get-trace";

const ROW = 28;
const VIEW_ROWS = 24;
const PALETTE_SIZE = 8;

/** The duration goes after the bar, before it, or inside a bar that fills the track. */
function labelPlace(left: number, width: number): "after" | "before" | "inside" {
  if (left + width < 78) return "after";
  return left > 15 ? "before" : "inside";
}

function labelStyle(left: number, width: number) {
  const place = labelPlace(left, width);
  if (place === "after") return { left: `${left + width}%` };
  if (place === "before") return { right: `${100 - left}%` };
  return { left: `${left}%` };
}

/** One colour of the chart palette per service, in order of first appearance. */
function serviceColours(spans: TraceSpan[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const span of spans)
    if (!map.has(span.service)) map.set(span.service, `var(--chart-${(map.size % PALETTE_SIZE) + 1})`);
  return map;
}

/** The set with the span id removed if it was in it, added if not. */
function toggled(set: ReadonlySet<string>, spanId: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(spanId)) next.add(spanId);
  return next;
}

function WaterfallHead({
  total,
  collapsed,
  onExpandAll,
}: {
  total: number;
  collapsed: boolean;
  onExpandAll: () => void;
}) {
  return (
    <div className={styles.head}>
      <span>
        Span{" "}
        {collapsed && (
          <button type="button" className={styles.expandAll} onClick={onExpandAll}>
            Expand all
          </button>
        )}
      </span>
      <span className={styles.scale}>
        <span>0</span>
        <span>{formatDuration(total / 2)}</span>
        <span>{formatDuration(total)}</span>
      </span>
    </div>
  );
}

/** The span tree with timing bars; only the rows in view are drawn, so 10,000 spans stay smooth. */
export function Waterfall({ trace }: { trace: Trace }) {
  const tree = useMemo(() => spanTree(trace.spans), [trace.spans]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const total = useMemo(
    () =>
      trace.spans.reduce(
        (end, span) => Math.max(end, Number(BigInt(span.startTimeUnixNano) - tree.origin) / 1e6 + span.durationMs),
        0.001,
      ),
    [trace.spans, tree],
  );
  const colours = useMemo(() => serviceColours(trace.spans), [trace.spans]);
  const [selected, setSelected] = useState<TraceSpan | null>(rows[0]?.span ?? null);
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW) - 5);
  const last = Math.min(rows.length, first + VIEW_ROWS + 10);
  const toggle = (spanId: string) => setCollapsed((now) => toggled(now, spanId));
  return (
    <div className={styles.layout}>
      <section className={`card ${styles.card}`}>
        <WaterfallHead total={total} collapsed={collapsed.size > 0} onExpandAll={() => setCollapsed(new Set())} />
        <div
          className={styles.viewport}
          style={{ height: Math.min(rows.length, VIEW_ROWS) * ROW + 2 }}
          onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
          data-testid="waterfall"
        >
          <div style={{ height: rows.length * ROW, position: "relative" }}>
            {rows.slice(first, last).map((row, i) => (
              <WaterfallRow
                key={row.span.spanId}
                row={row}
                index={first + i}
                total={total}
                colour={colours.get(row.span.service)}
                selected={selected?.spanId === row.span.spanId}
                collapsed={collapsed.has(row.span.spanId)}
                onSelect={() => setSelected(row.span)}
                onToggle={() => toggle(row.span.spanId)}
              />
            ))}
          </div>
        </div>
      </section>
      {selected && <SpanPanel span={selected} traceId={trace.traceId} />}
    </div>
  );
}

interface RowProps {
  row: SpanRow;
  index: number;
  total: number;
  colour: string | undefined;
  selected: boolean;
  collapsed: boolean;
  onSelect: () => void;
  onToggle: () => void;
}

/** One span: its toggle, kind, service and name indented by depth, and its bar on the trace's time scale. */
function WaterfallRow({ row, index, total, colour, selected, collapsed, onSelect, onToggle }: RowProps) {
  const { span } = row;
  const left = (row.startMs / total) * 100;
  const width = Math.max((span.durationMs / total) * 100, 0.2);
  const failed = span.status.code === 2;
  return (
    <div
      className={selected ? `${styles.row} ${styles.selected}` : styles.row}
      style={{ top: index * ROW, height: ROW }}
      onClick={onSelect}
      data-testid="waterfall-row"
      data-index={index}
    >
      <SpanLabel row={row} colour={colour} collapsed={collapsed} onSelect={onSelect} onToggle={onToggle} />
      <span className={styles.track}>
        <span
          className={failed ? `${styles.bar} ${styles.failed}` : styles.bar}
          style={{ left: `${left}%`, width: `${width}%`, background: failed ? undefined : colour }}
        />
        <span className={`${styles.duration} ${styles[labelPlace(left, width)]}`} style={labelStyle(left, width)}>
          {formatDuration(span.durationMs)}
        </span>
      </span>
    </div>
  );
}

/** A row's tree toggle, kind, service link and name, indented by depth. */
function SpanLabel({
  row,
  colour,
  collapsed,
  onSelect,
  onToggle,
}: Pick<RowProps, "row" | "colour" | "collapsed" | "onSelect" | "onToggle">) {
  const { span } = row;
  return (
    <span className={styles.name} style={{ paddingLeft: 4 + Math.min(row.depth, 30) * 12 }}>
      {row.descendants > 0 ? (
        <button
          type="button"
          className={styles.toggle}
          aria-expanded={!collapsed}
          aria-label={`${collapsed ? "Expand" : "Collapse"} the ${row.descendants} spans under ${span.name.slice(0, 80)}`}
          data-testid="toggle-subtree"
          onClick={(event) => {
            event.stopPropagation();
            onToggle();
          }}
        >
          {collapsed ? `▸ ${row.descendants}` : "▾"}
        </button>
      ) : (
        <span className={styles.toggleSpace} />
      )}
      <span className={styles.dot} style={{ background: colour }} />
      <KindBadge kind={span.kind} />
      <Link
        href={`/services/${encodeURIComponent(span.service)}`}
        prefetch={false}
        className={styles.service}
        title={`Service ${span.service}`}
        onClick={(event) => event.stopPropagation()}
        data-testid="row-service-link"
      >
        {span.service}
      </Link>
      <button type="button" className={styles.spanButton} title={span.name} onClick={onSelect} data-testid="span-name">
        {span.name}
      </button>
    </span>
  );
}
