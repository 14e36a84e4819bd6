"use client";

import { Bar, ComposedChart, Legend, Line, Tooltip, YAxis } from "recharts";
import { DailyChart } from "../../../_components/daily-chart";

export function FeatureChart({ days }: { days: { day: string; cost: string; requests: number }[] }) {
  const rows = days.map((day) => ({ day: day.day.slice(5), cost: Number(day.cost), requests: day.requests }));
  return (
    <DailyChart chart={ComposedChart} rows={rows} height={280} testId="feature-chart">
      <YAxis
        yAxisId="cost"
        tickFormatter={(value: number) => `$${value.toFixed(0)}`}
        tick={{ fontSize: 11 }}
        width={56}
      />
      <YAxis yAxisId="requests" orientation="right" tick={{ fontSize: 11 }} width={56} />
      <Tooltip
        formatter={(value, name) =>
          name === "cost" ? `$${Number(value).toFixed(2)}` : Number(value).toLocaleString("en-US")
        }
      />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      <Bar yAxisId="cost" dataKey="cost" name="cost" fill="#2563eb" isAnimationActive={false} />
      <Line
        yAxisId="requests"
        dataKey="requests"
        name="requests"
        stroke="#d97706"
        dot={false}
        isAnimationActive={false}
      />
    </DailyChart>
  );
}
