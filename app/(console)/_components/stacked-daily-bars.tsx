"use client";

import { Bar, BarChart, Legend, Tooltip, YAxis } from "recharts";
import { niceTicks } from "@/lib/chart-scale";
import { formatUsd, formatUsdTick } from "@/lib/decimal";
import { NO_SERVICE, OTHER, UNALLOCATED } from "@/lib/attribution/reserved-keys";
import { DailyChart, dayLabel, niceAxis } from "./daily-chart";
import { keyLabel } from "./key-label";

const PALETTE = Array.from({ length: 8 }, (_, i) => `var(--chart-${i + 1}, var(--accent))`);
// Unallocated, "no service" and "other" in the muted grey; "other" lighter, so the two read apart.
const GREYS: Record<string, string> = {
  [UNALLOCATED]: "var(--muted)",
  [NO_SERVICE]: "var(--muted)",
  [OTHER]: "var(--muted)",
};

export interface DailyAmounts {
  day: string;
  /** Exact decimal strings per key; they become numbers only to be drawn. */
  amounts: Record<string, string>;
}

/** The value axis covering each day's stack: positive amounts stack up, credits down. */
function ticksOf(days: DailyAmounts[]): number[] {
  let low = 0;
  let high = 0;
  for (const day of days) {
    const values = Object.values(day.amounts).map(Number);
    high = Math.max(
      high,
      values.filter((v) => v > 0).reduce((a, b) => a + b, 0),
    );
    low = Math.min(
      low,
      values.filter((v) => v < 0).reduce((a, b) => a + b, 0),
    );
  }
  return niceTicks(low, high);
}

/**
 * Spend per day stacked by key (service, feature, team...), unallocated and "other" in grey; with
 * `onPick`, a click on a bar or a legend entry hands its key over (the Costs page filters by it).
 */
export function StackedDailyBars({
  days,
  keys,
  testId,
  onPick,
}: {
  days: DailyAmounts[];
  keys: string[];
  testId: string;
  onPick?: (key: string) => void;
}) {
  const rows = days.map((day) =>
    Object.fromEntries([
      ["day", day.day],
      ...keys.map((key) => [key, Number(day.amounts[key] ?? 0)]),
      // The exact amounts, for the tooltip: the drawn numbers are floats.
      ...keys.map((key) => [`exact:${key}`, day.amounts[key] ?? "0"]),
    ]),
  );
  return (
    <DailyChart chart={BarChart} rows={rows} height={320} testId={testId}>
      <YAxis {...niceAxis(ticksOf(days))} tickFormatter={formatUsdTick} width={56} />
      <Tooltip
        labelFormatter={dayLabel}
        formatter={(_value, _name, item) => formatUsd(String(item.payload?.[`exact:${String(item.dataKey)}`] ?? "0"))}
      />
      <Legend
        wrapperStyle={{ fontSize: 12 }}
        onClick={onPick ? (entry) => entry.dataKey !== undefined && onPick(String(entry.dataKey)) : undefined}
      />
      {keys.map((key, index) => (
        <Bar
          key={key}
          dataKey={key}
          name={keyLabel(key)}
          stackId="amount"
          fill={GREYS[key] ?? PALETTE[index % PALETTE.length]}
          fillOpacity={key === OTHER ? 0.45 : 1}
          isAnimationActive={false}
          onClick={onPick ? () => onPick(key) : undefined}
        />
      ))}
    </DailyChart>
  );
}
