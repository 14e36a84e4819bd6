"use client";

import { Line, LineChart, Tooltip, YAxis } from "recharts";
import type { CostDay } from "@/lib/attribution/schemas";
import { niceTicks } from "@/lib/chart-scale";
import { formatUsd, formatUsdTick } from "@/lib/decimal";
import { DailyChart, dayLabel, niceAxis } from "../../_components/daily-chart";

/** Cost per 1,000 entry requests per day; days without requests are gaps. */
export function UnitCostChart({ days }: { days: CostDay[] }) {
  const rows = days.map((day) => ({
    day: day.day,
    unit: day.unitCost === null ? null : Number(day.unitCost),
    exact: day.unitCost,
  }));
  const ticks = niceTicks(0, Math.max(0, ...rows.map((row) => row.unit ?? 0)));
  return (
    <DailyChart chart={LineChart} rows={rows} height={220} testId="unit-cost-chart" className="chart chart-small">
      <YAxis {...niceAxis(ticks)} tickFormatter={formatUsdTick} width={56} />
      <Tooltip
        labelFormatter={dayLabel}
        formatter={(_value, _name, item) =>
          `${formatUsd(String(item.payload?.exact ?? "0"), { unitPrice: true })} per 1,000 requests`
        }
      />
      <Line
        type="monotone"
        dataKey="unit"
        name="per 1,000 requests"
        stroke="var(--chart-1, var(--accent))"
        dot={false}
        connectNulls={false}
        isAnimationActive={false}
      />
    </DailyChart>
  );
}
