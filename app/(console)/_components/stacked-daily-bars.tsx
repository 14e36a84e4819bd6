"use client";

import { Bar, BarChart, Legend, Tooltip, YAxis } from "recharts";
import { OTHER, UNALLOCATED } from "@/lib/attribution/reserved-keys";
import { DailyChart } from "./daily-chart";
import { keyLabel } from "./key-label";

const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#dc2626", "#4d7c0f", "#be185d"];
const GREYS: Record<string, string> = { [UNALLOCATED]: "#9ca3af", [OTHER]: "#cbd5e1" };
const usd = (value: number) =>
  `$${value >= 100 || value === 0 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2)}`;

export interface DailyAmounts {
  day: string;
  /** Exact decimal strings per key; they become numbers only to be drawn. */
  amounts: Record<string, string>;
}

/** Spend per day stacked by key (service, feature, team...), unallocated and "other" in grey. */
export function StackedDailyBars({ days, keys, testId }: { days: DailyAmounts[]; keys: string[]; testId: string }) {
  const rows = days.map((day) =>
    Object.fromEntries([["day", day.day.slice(5)], ...keys.map((key) => [key, Number(day.amounts[key] ?? 0)])]),
  );
  return (
    <DailyChart chart={BarChart} rows={rows} height={320} testId={testId}>
      <YAxis tickFormatter={usd} tick={{ fontSize: 11 }} width={64} />
      <Tooltip formatter={(value) => usd(Number(value))} />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      {keys.map((key, index) => (
        <Bar
          key={key}
          dataKey={key}
          name={keyLabel(key)}
          stackId="amount"
          fill={GREYS[key] ?? PALETTE[index % PALETTE.length]}
          isAnimationActive={false}
        />
      ))}
    </DailyChart>
  );
}
