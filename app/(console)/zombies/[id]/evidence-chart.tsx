"use client";

import { Bar, ComposedChart, ReferenceLine, Tooltip, YAxis } from "recharts";
import { niceTicks } from "@/lib/chart-scale";
import { DailyChart, dayLabel, niceAxis } from "../../_components/daily-chart";
import { figure } from "../evidence";
import styles from "./finding.module.css";

type Row = { day: string; value: number | null; threshold: number | null };

/**
 * An evidence item's days as bars against its threshold (dashed); a day with no data has no bar and
 * its tooltip says so, rather than drawing it as zero.
 */
export function EvidenceChart({ rows, unit, name }: { rows: Row[]; unit?: string; name: string }) {
  const threshold = rows.find((r) => r.threshold !== null)?.threshold ?? null;
  const values = rows.flatMap((r) => (r.value === null ? [] : [r.value]));
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, threshold ?? 0, ...values));
  // Axis ticks carry no unit (the heading has it), except a byte scale's prefix.
  const tick = (v: number) => (unit?.startsWith("bytes") ? figure(v, "bytes") : String(Number(v.toPrecision(3))));
  return (
    <DailyChart chart={ComposedChart} rows={rows} height={150} testId="evidence-chart" className={styles.chart}>
      <YAxis {...niceAxis(ticks)} width={48} tickFormatter={tick} />
      <Tooltip
        labelFormatter={dayLabel}
        formatter={(value) => [typeof value === "number" ? figure(value, unit) : "no data", name]}
      />
      <Bar dataKey="value" name={name} fill="var(--chart-1)" isAnimationActive={false} />
      {threshold !== null && (
        <ReferenceLine
          y={threshold}
          stroke="var(--bad)"
          strokeDasharray="6 4"
          strokeWidth={1.5}
          ifOverflow="extendDomain"
        />
      )}
    </DailyChart>
  );
}
