"use client";

import { Legend, Line, LineChart, Tooltip, YAxis } from "recharts";
import { niceTicks } from "@/lib/chart-scale";
import { DailyChart, dayLabel, niceAxis } from "../_components/daily-chart";
import styles from "./compliance.module.css";

/** Checks passing and failing per day, as each day's last evaluation left them. */
export function TrendChart({ rows }: { rows: { day: string; passed: number; failed: number }[] }) {
  const ticks = niceTicks(0, Math.max(1, ...rows.flatMap((row) => [row.passed, row.failed])));
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
