"use client";

import { Line, LineChart, Tooltip, YAxis } from "recharts";
import type { CostDay } from "@/lib/attribution/schemas";
import { DailyChart } from "../../_components/daily-chart";

/** Cost per 1,000 entry requests per day; days without requests are gaps. */
export function UnitCostChart({ days }: { days: CostDay[] }) {
  const rows = days.map((day) => ({
    day: day.day.slice(5),
    unit: day.unitCost === null ? null : Number(day.unitCost),
  }));
  return (
    <DailyChart chart={LineChart} rows={rows} height={220} testId="unit-cost-chart" className="chart chart-small">
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
    </DailyChart>
  );
}
