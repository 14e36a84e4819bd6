"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SpendDay } from "@/lib/overview/schemas";

const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#dc2626", "#4d7c0f", "#be185d"];
const UNALLOCATED_COLOR = "#9ca3af";

/** Stacked daily bars. Amounts arrive as exact strings and become numbers only to be drawn. */
export function SpendChart({ days, keys }: { days: SpendDay[]; keys: string[] }) {
  const rows = days.map((day) => {
    const row: Record<string, string | number> = { day: day.day.slice(5) };
    for (const key of keys) row[key] = Number(day.byService[key] ?? 0);
    return row;
  });
  const usd = (value: number) => `$${Math.round(value).toLocaleString("en-US")}`;
  return (
    <div className="chart" data-testid="spend-chart">
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis tickFormatter={usd} tick={{ fontSize: 11 }} width={64} />
          <Tooltip formatter={(value) => usd(Number(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {keys.map((key, index) => (
            <Bar
              key={key}
              dataKey={key}
              name={key === "__unallocated__" ? "unallocated" : key}
              stackId="spend"
              fill={key === "__unallocated__" ? UNALLOCATED_COLOR : PALETTE[index % PALETTE.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
