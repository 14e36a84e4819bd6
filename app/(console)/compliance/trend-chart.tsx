"use client";

import { Legend, Line, LineChart, Tooltip, YAxis } from "recharts";
import { niceTicks } from "@/lib/chart-scale";
import { DailyChart, dayLabel, niceAxis } from "../_components/daily-chart";
import styles from "./compliance.module.css";

/** Checks passing and failing per day, as each day's last evaluation left them; no line before the first. */
export function TrendChart({ rows }: { rows: { day: string; passed: number | null; failed: number | null }[] }) {
  const ticks = niceTicks(0, Math.max(1, ...rows.flatMap((row) => [row.passed ?? 0, row.failed ?? 0])));
  return (
    <DailyChart chart={LineChart} rows={rows} height={220} testId="compliance-trend" className={styles.chart}>
      <YAxis {...niceAxis(ticks)} width={48} />
      <Tooltip labelFormatter={dayLabel} />
      <Legend />
      <Line dataKey="passed" name="Checks passed" stroke="var(--chart-1)" dot={false} isAnimationActive={false} />
      <Line dataKey="failed" name="Checks failed" stroke="var(--chart-2)" dot={false} isAnimationActive={false} />
    </DailyChart>
  );
}
