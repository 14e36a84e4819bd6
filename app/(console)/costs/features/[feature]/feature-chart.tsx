"use client";

import { Bar, ComposedChart, Legend, Line, Tooltip, YAxis } from "recharts";
import { niceTicks } from "@/lib/chart-scale";
import { formatUsd, formatUsdTick } from "@/lib/decimal";
import { DailyChart, dayLabel, niceAxis } from "../../../_components/daily-chart";

export function FeatureChart({ days }: { days: { day: string; cost: string; requests: number }[] }) {
  const rows = days.map((day) => ({ day: day.day, cost: Number(day.cost), exact: day.cost, requests: day.requests }));
  const costTicks = niceTicks(Math.min(0, ...rows.map((row) => row.cost)), Math.max(0, ...rows.map((row) => row.cost)));
  const requestTicks = niceTicks(0, Math.max(0, ...rows.map((row) => row.requests))).map(Math.round);
  return (
    <DailyChart chart={ComposedChart} rows={rows} height={280} testId="feature-chart">
      <YAxis yAxisId="cost" {...niceAxis(costTicks)} tickFormatter={formatUsdTick} width={56} />
      <YAxis
        yAxisId="requests"
        orientation="right"
        {...niceAxis([...new Set(requestTicks)])}
        tickFormatter={(value: number) => value.toLocaleString("en-US", { notation: "compact" })}
        width={56}
      />
      <Tooltip
        labelFormatter={dayLabel}
        formatter={(value, name, item) =>
          name === "cost" ? formatUsd(String(item.payload?.exact ?? "0")) : Number(value).toLocaleString("en-US")
        }
      />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      <Bar yAxisId="cost" dataKey="cost" name="cost" fill="var(--chart-1, var(--accent))" isAnimationActive={false} />
      <Line
        yAxisId="requests"
        dataKey="requests"
        name="requests"
        stroke="var(--chart-3, var(--warn))"
        dot={false}
        isAnimationActive={false}
      />
    </DailyChart>
  );
}
