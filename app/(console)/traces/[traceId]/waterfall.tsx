"use client";

import { useMemo, useRef, useState } from "react";
import type { TraceSpan } from "@/lib/traces/get-trace";

const ROW = 26;
const VIEW_ROWS = 24;
const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#be185d", "#4d7c0f", "#7c3aed"];
const KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"];

interface Row {
  span: TraceSpan;
  depth: number;
  startMs: number;
}

/** Depth-first by start time, children under their parent; spans whose parent is missing are roots. */
function order(spans: TraceSpan[]): Row[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | null, TraceSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const origin = Math.min(...spans.map((span) => Date.parse(span.startTime)));
  const rows: Row[] = [];
  const stack: { span: TraceSpan; depth: number }[] = [...(children.get(null) ?? [])]
    .reverse()
    .map((span) => ({ span, depth: 0 }));
  while (stack.length) {
    const { span, depth } = stack.pop() as { span: TraceSpan; depth: number };
    rows.push({ span, depth, startMs: Date.parse(span.startTime) - origin });
    const kids = children.get(span.spanId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], depth: depth + 1 });
  }
  return rows;
}

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

const fmt = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;

/** The span tree with timing bars; only the rows in view are drawn, so 10,000 spans stay smooth. */
export function Waterfall({ spans }: { spans: TraceSpan[] }) {
  const rows = useMemo(() => order(spans), [spans]);
  const total = useMemo(() => Math.max(...rows.map((row) => row.startMs + row.span.durationMs), 0.001), [rows]);
  const colors = useMemo(() => {
    const map = new Map<string, string>();
    for (const row of rows)
      if (!map.has(row.span.service)) map.set(row.span.service, PALETTE[map.size % PALETTE.length]);
    return map;
  }, [rows]);
  const [selected, setSelected] = useState<TraceSpan | null>(rows[0]?.span ?? null);
  const [scrollTop, setScrollTop] = useState(0);
  const viewport = useRef<HTMLDivElement>(null);
  const first = Math.max(0, Math.floor(scrollTop / ROW) - 5);
  const last = Math.min(rows.length, first + VIEW_ROWS + 10);
  return (
    <div className="waterfall-layout">
      <section className="card waterfall-card">
        <div className="waterfall-head">
          <span>Span</span>
          <span className="waterfall-scale">
            <span>0</span>
            <span>{fmt(total / 2)}</span>
            <span>{fmt(total)}</span>
          </span>
        </div>
        <div
          className="waterfall"
          ref={viewport}
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
                color={colors.get(row.span.service)}
                selected={selected?.spanId === row.span.spanId}
                onSelect={() => setSelected(row.span)}
              />
            ))}
          </div>
        </div>
      </section>
      {selected && <SpanDetails span={selected} />}
    </div>
  );
}

interface RowProps {
  row: Row;
  index: number;
  total: number;
  color: string | undefined;
  selected: boolean;
  onSelect: () => void;
}

/** One span: its name indented by depth, and its bar placed on the trace's time scale. */
function WaterfallRow({ row, index, total, color, selected, onSelect }: RowProps) {
  const left = (row.startMs / total) * 100;
  const width = Math.max((row.span.durationMs / total) * 100, 0.2);
  const failed = row.span.status.code === 2;
  return (
    <button
      type="button"
      className={selected ? "wf-row selected" : "wf-row"}
      style={{ top: index * ROW, height: ROW }}
      onClick={onSelect}
      data-testid="waterfall-row"
    >
      <span className="wf-name" style={{ paddingLeft: 8 + Math.min(row.depth, 30) * 14 }}>
        <span className="wf-dot" style={{ background: color }} />
        <span className="wf-service">{row.span.service}</span> {row.span.name}
      </span>
      <span className="wf-track">
        <span
          className={failed ? "wf-bar failed" : "wf-bar"}
          style={{ left: `${left}%`, width: `${width}%`, background: failed ? undefined : color }}
        />
        <span className={`wf-duration ${labelPlace(left, width)}`} style={labelStyle(left, width)}>
          {fmt(row.span.durationMs)}
        </span>
      </span>
    </button>
  );
}

function SpanDetails({ span }: { span: TraceSpan }) {
  return (
    <aside className="card span-details" data-testid="span-details">
      <h2>{span.name}</h2>
      <p className="muted small">
        {span.service} · {KINDS[span.kind] ?? span.kind} · {fmt(span.durationMs)} · started{" "}
        {span.startTime.replace("T", " ").replace("Z", "")} UTC
      </p>
      {span.status.code === 2 && (
        <p className="form-error">Error{span.status.message ? `: ${span.status.message}` : ""}</p>
      )}
      <Pairs title="Attributes" values={span.attributes} />
      {span.events.length > 0 && <SpanEvents events={span.events as SpanEvent[]} />}
      <Pairs title="Resource" values={span.resource} />
      <p className="muted small mono">span {span.spanId}</p>
    </aside>
  );
}

type SpanEvent = { name: string; timeUnixNano: string; attributes: Record<string, unknown> };

function SpanEvents({ events }: { events: SpanEvent[] }) {
  return (
    <div>
      <h3>Events</h3>
      <ul className="events">
        {events.map((event, i) => (
          <li key={`${event.timeUnixNano}-${i}`}>
            <span className="mono">{event.name || "(unnamed)"}</span>
            {Object.keys(event.attributes ?? {}).length > 0 && (
              <span className="muted small"> {JSON.stringify(event.attributes)}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Pairs({ title, values }: { title: string; values: Record<string, unknown> }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <div>
      <h3>{title}</h3>
      <table className="table pairs">
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key}>
              <th scope="row" className="mono">
                {key}
              </th>
              <td className="mono">{typeof value === "string" ? value : JSON.stringify(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
