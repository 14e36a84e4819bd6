"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { shortDay } from "@/lib/chart-scale";
import styles from "./delivery.module.css";

/** One week of the series as plain numbers; null where the week has no data (drawn as a gap). */
export interface WeekRow {
  week: string;
  /** 7, or fewer for the window's first week. */
  days: number;
  deployments: number;
  leadTimeHours: number | null;
  changeFailurePercent: number | null;
  reworkPercent: number | null;
  restoreHours: number | null;
  recoveryHours: number | null;
}

type Series = { key: keyof WeekRow; name: string; colour: string };

const weekLabel = (week: string, row: WeekRow | undefined) =>
  row && row.days < 7 ? `${row.days} days from ${shortDay(week)}` : `Week from ${shortDay(week)}`;

const round = (value: unknown) => (typeof value === "number" ? Number(value.toFixed(2)) : "no data");

function WeeklyChart({
  title,
  rows,
  series,
  unit,
  testId,
}: {
  title: string;
  rows: WeekRow[];
  series: Series[];
  unit: string;
  testId: string;
}) {
  const Chart = series.length === 1 && series[0].key === "deployments" ? BarChart : LineChart;
  return (
    <div className="chart-box" data-testid={testId}>
      <h3>{title}</h3>
      <ResponsiveContainer width="100%" height={200}>
        <Chart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--grid, var(--line))" />
          <XAxis
            dataKey="week"
            tickFormatter={shortDay}
            tick={{ fontSize: 11, fill: "var(--muted)" }}
            minTickGap={16}
          />
          <YAxis tick={{ fontSize: 11, fill: "var(--muted)" }} width={40} allowDecimals={unit !== ""} />
          <Tooltip
            labelFormatter={(week, payload) => weekLabel(String(week), payload?.[0]?.payload as WeekRow | undefined)}
            formatter={(value) => `${round(value)}${typeof value === "number" ? unit : ""}`}
          />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s) =>
            Chart === BarChart ? (
              <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.colour} isAnimationActive={false} />
            ) : (
              <Line
                key={s.key}
                type="linear"
                dataKey={s.key}
                name={s.name}
                stroke={s.colour}
                dot={{ r: 2 }}
                isAnimationActive={false}
              />
            ),
          )}
        </Chart>
      </ResponsiveContainer>
    </div>
  );
}

/** The four keys and the rework rate week by week. */
export function SeriesCharts({ rows }: { rows: WeekRow[] }) {
  return (
    <div className={styles.charts}>
      <WeeklyChart
        title="Successful production deployments per week"
        rows={rows}
        series={[{ key: "deployments", name: "deployments", colour: "var(--chart-1)" }]}
        unit=""
        testId="chart-deployments"
      />
      <WeeklyChart
        title="Lead time for changes, median (hours)"
        rows={rows}
        series={[{ key: "leadTimeHours", name: "lead time", colour: "var(--chart-2)" }]}
        unit=" h"
        testId="chart-lead-time"
      />
      <WeeklyChart
        title="Change failure and rework rate (%)"
        rows={rows}
        series={[
          { key: "changeFailurePercent", name: "change failure rate", colour: "var(--chart-5)" },
          { key: "reworkPercent", name: "rework rate", colour: "var(--chart-4)" },
        ]}
        unit="%"
        testId="chart-failure-rate"
      />
      <WeeklyChart
        title="Time to restore and deployment recovery, median (hours)"
        rows={rows}
        series={[
          { key: "restoreHours", name: "time to restore", colour: "var(--chart-3)" },
          { key: "recoveryHours", name: "failed deployment recovery", colour: "var(--chart-6)" },
        ]}
        unit=" h"
        testId="chart-restore"
      />
    </div>
  );
}
