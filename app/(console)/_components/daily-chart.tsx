import type { ReactNode } from "react";
import { type BarChart, CartesianGrid, type ComposedChart, type LineChart, ResponsiveContainer, XAxis } from "recharts";
import { shortDay } from "@/lib/chart-scale";

/**
 * A chart with one point per day: the frame, margins, grid and day axis the console's daily charts share;
 * the caller adds its value axis, tooltip and series. Rows carry the full day ("2026-12-05", shown as
 * "Dec 5") and every day of the window, so charts side by side span the same days.
 */
export function DailyChart({
  chart: Chart,
  rows,
  height,
  testId,
  className = "chart",
  children,
}: {
  chart: typeof BarChart | typeof LineChart | typeof ComposedChart;
  rows: Record<string, unknown>[];
  height: number;
  testId: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className} data-testid={testId}>
      <ResponsiveContainer width="100%" height={height}>
        <Chart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--grid, var(--line))" />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => shortDay(day)}
            tick={{ fontSize: 11, fill: "var(--muted)" }}
            interval="preserveStartEnd"
            minTickGap={24}
          />
          {children}
        </Chart>
      </ResponsiveContainer>
    </div>
  );
}

/** The value axis's props from niceTicks: round ticks, and a domain from the first to the last. */
export const niceAxis = (ticks: number[]) => ({
  ticks,
  domain: [ticks[0], ticks[ticks.length - 1]] as [number, number],
  tick: { fontSize: 11, fill: "var(--muted)" },
  interval: 0 as const,
});

/** A tooltip's label: the day in full. */
export const dayLabel = (day: unknown) => (typeof day === "string" ? `${shortDay(day)}, ${day.slice(0, 4)}` : "");
