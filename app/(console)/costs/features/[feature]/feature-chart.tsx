"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export function FeatureChart({ days }: { days: { day: string; cost: string; requests: number }[] }) {
  const rows = days.map((day) => ({ day: day.day.slice(5), cost: Number(day.cost), requests: day.requests }));
  return (
    <div className="chart" data-testid="feature-chart">
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
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
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
