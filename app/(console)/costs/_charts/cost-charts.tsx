"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CostDay } from "@/lib/attribution/schemas";

/** Cost per 1,000 entry requests per day; days without requests are gaps. */
export function UnitCostChart({ days }: { days: CostDay[] }) {
  const rows = days.map((day) => ({
    day: day.day.slice(5),
    unit: day.unitCost === null ? null : Number(day.unitCost),
  }));
  return (
    <div className="chart chart-small" data-testid="unit-cost-chart">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis tickFormatter={(value: number) => `$${value.toFixed(3)}`} tick={{ fontSize: 11 }} width={64} />
          <Tooltip formatter={(value) => `$${Number(value).toFixed(4)} per 1,000 requests`} />
          <Line
            type="monotone"
            dataKey="unit"
            name="per 1,000 requests"
            stroke="#2563eb"
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
