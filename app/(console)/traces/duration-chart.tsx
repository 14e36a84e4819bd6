"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DurationBucket } from "@/lib/traces/duration-buckets";
import { formatBound } from "./format";
import styles from "./traces.module.css";

const label = (bucket: DurationBucket) =>
  bucket.toMs === null
    ? `≥ ${formatBound(bucket.fromMs)}`
    : `${formatBound(bucket.fromMs)}–${formatBound(bucket.toMs)}`;

/** Whether a bucket lies inside the duration range the URL selects. */
function inRange(bucket: DurationBucket, min: number | null, max: number | null): boolean {
  return (min === null || bucket.fromMs >= min) && (max === null || (bucket.toMs !== null && bucket.toMs <= max));
}

/** The duration range the URL selects, and setting or clearing it (back to the first page). */
function useDurationRange(buckets: DurationBucket[]) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const min = search.get("minDurationMs") ? Number(search.get("minDurationMs")) : null;
  const max = search.get("maxDurationMs") ? Number(search.get("maxDurationMs")) : null;
  const go = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(search.toString());
    next.delete("cursor");
    change(next);
    router.push(`${pathname}?${next}`);
  };
  const select = (a: number, b: number) =>
    go((next) => {
      const [first, last] = [buckets[Math.min(a, b)], buckets[Math.max(a, b)]];
      next.set("minDurationMs", String(first.fromMs));
      if (last.toMs === null) next.delete("maxDurationMs");
      else next.set("maxDurationMs", String(last.toMs));
    });
  const clear = () =>
    go((next) => {
      next.delete("minDurationMs");
      next.delete("maxDurationMs");
    });
  return { min, max, ranged: min !== null || max !== null, select, clear };
}

const indexOf = (state: { activeTooltipIndex?: unknown }) =>
  state.activeTooltipIndex === undefined || state.activeTooltipIndex === null ? null : Number(state.activeTooltipIndex);

/**
 * The matching spans by duration. Pressing on one bar and releasing on another (or clicking one)
 * selects the range as the search's min and max duration, in the URL.
 */
export function DurationChart({ buckets, total }: { buckets: DurationBucket[]; total: number }) {
  const { min, max, ranged, select, clear } = useDurationRange(buckets);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const dragging = (i: number) =>
    anchor !== null && hover !== null && i >= Math.min(anchor, hover) && i <= Math.max(anchor, hover);

  return (
    <div className={styles.chart} data-testid="duration-chart">
      <div className={styles.chartHead}>
        <h2>Duration of the {total.toLocaleString("en-US")} matching spans</h2>
        <span>
          Drag across bars, or click one, to search that range.{" "}
          {ranged && (
            <button type="button" className="button button-quiet" onClick={clear}>
              Clear range
            </button>
          )}
        </span>
      </div>
      <ResponsiveContainer width="100%" height={150}>
        <BarChart
          data={buckets.map((bucket) => ({ ...bucket, label: label(bucket) }))}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          barCategoryGap={1}
          onMouseDown={(state) => setAnchor(indexOf(state))}
          onMouseMove={(state) => setHover(indexOf(state))}
          onMouseUp={(state) => {
            // A drag across bars; a click on one bar is the bar's own onClick.
            const end = indexOf(state) ?? hover;
            if (anchor !== null && end !== null && end !== anchor) select(anchor, end);
            setAnchor(null);
          }}
          onMouseLeave={() => setAnchor(null)}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--grid)" />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis tick={{ fontSize: 10 }} width={40} allowDecimals={false} />
          <Tooltip formatter={(value) => [`${Number(value).toLocaleString("en-US")} spans`, "count"]} />
          <Bar dataKey="count" isAnimationActive={false} cursor="pointer" onClick={(_, index) => select(index, index)}>
            {buckets.map((bucket, i) => (
              <Cell
                key={bucket.fromMs}
                fill={dragging(i) ? "var(--chart-2)" : "var(--chart-1)"}
                fillOpacity={!ranged || dragging(i) || inRange(bucket, min, max) ? 1 : 0.3}
                data-testid="duration-bar"
              />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
