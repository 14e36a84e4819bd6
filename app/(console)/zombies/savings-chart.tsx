"use client";

import { Legend, Line, LineChart, Tooltip, YAxis } from "recharts";
import { niceTicks } from "@/lib/chart-scale";
import { formatUsd, formatUsdTick } from "@/lib/decimal";
import { DailyChart, dayLabel, niceAxis } from "../_components/daily-chart";
import { everyDay } from "./savings-days";
import type { ZombieSavings } from "./savings-tiles";
import styles from "./zombies.module.css";

const SERIES = [
  { key: "estimated", name: "Estimated (idle spend)", colour: "var(--chart-2)" },
  { key: "approved", name: "Approved", colour: "var(--chart-1)" },
  { key: "realised", name: "Realised", colour: "var(--chart-3)" },
] as const;

/** A tick in the currency: "$12k" for dollars, "12k EUR" otherwise. */
const tickIn = (currency: string) => (value: number) =>
  currency === "USD" ? formatUsdTick(value) : `${formatUsdTick(value).replace("$", "")} ${currency}`;

/**
 * Estimated, approved and realised monthly savings as each day's last scan left them, one chart per
 * currency. The figures are plotted as numbers; the tooltip shows the exact amounts.
 */
export function SavingsChart({ history, main }: { history: ZombieSavings["history"]; main: string }) {
  const currencies = [...new Set(history.map((row) => row.currency))].sort((a, b) =>
    a === main ? -1 : b === main ? 1 : a < b ? -1 : 1,
  );
  return (
    <div className={styles.charts}>
      {currencies.map((currency) => (
        <CurrencyChart key={currency} currency={currency} rows={everyDay(history, currency)} />
      ))}
    </div>
  );
}

function CurrencyChart({ currency, rows }: { currency: string; rows: ZombieSavings["history"] }) {
  const points = rows.map((row) => ({
    day: row.day,
    estimated: Number(row.estimated),
    approved: Number(row.approved),
    realised: Number(row.realised),
    exact: row,
  }));
  const ticks = niceTicks(0, Math.max(0, ...points.flatMap((p) => [p.estimated, p.approved, p.realised])));
  return (
    <div className="chart-box">
      <h3>Monthly savings over time, {currency}</h3>
      <DailyChart
        chart={LineChart}
        rows={points}
        height={220}
        testId={`savings-chart-${currency}`}
        className={styles.chart}
      >
        <YAxis {...niceAxis(ticks)} width={64} tickFormatter={tickIn(currency)} />
        <Tooltip
          labelFormatter={dayLabel}
          formatter={(_value, name, item) => {
            const key = SERIES.find((s) => s.name === name)?.key;
            const exact = (item.payload as (typeof points)[number]).exact;
            return key ? formatUsd(exact[key], { currency }) : "";
          }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {SERIES.map((s) => (
          <Line
            key={s.key}
            type="stepAfter"
            dataKey={s.key}
            name={s.name}
            stroke={s.colour}
            strokeWidth={1.5}
            dot={points.length === 1}
            isAnimationActive={false}
          />
        ))}
      </DailyChart>
    </div>
  );
}
