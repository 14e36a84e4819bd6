"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CostDay } from "@/lib/attribution/cost-explorer";
import { keyLabel } from "./labels";

const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#dc2626", "#4d7c0f", "#be185d"];
const GREYS: Record<string, string> = { __unallocated__: "#9ca3af", __other__: "#cbd5e1" };
const usd = (value: number) => `$${value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2)}`;

/** Spend per day stacked by key. Amounts arrive as exact strings and become numbers only to be drawn. */
export function StackedCostChart({ days, keys }: { days: CostDay[]; keys: string[] }) {
  const rows = days.map((day) => Object.fromEntries([["day", day.day.slice(5)], ...keys.map((key) => [key, Number(day.byKey[key] ?? 0)])]));
  return (
    <div className="chart" data-testid="cost-chart">
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis tickFormatter={usd} tick={{ fontSize: 11 }} width={64} />
          <Tooltip formatter={(value) => usd(Number(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {keys.map((key, index) => (
            <Bar key={key} dataKey={key} name={keyLabel(key)} stackId="cost" fill={GREYS[key] ?? PALETTE[index % PALETTE.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Cost per 1,000 entry requests per day; days without requests are gaps. */
export function UnitCostChart({ days }: { days: CostDay[] }) {
  const rows = days.map((day) => ({ day: day.day.slice(5), unit: day.unitCost === null ? null : Number(day.unitCost) }));
  return (
    <div className="chart chart-small" data-testid="unit-cost-chart">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis tickFormatter={(value: number) => `$${value.toFixed(3)}`} tick={{ fontSize: 11 }} width={64} />
          <Tooltip formatter={(value) => `$${Number(value).toFixed(4)} per 1,000 requests`} />
          <Line type="monotone" dataKey="unit" name="per 1,000 requests" stroke="#2563eb" dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
