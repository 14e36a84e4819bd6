import type { ReactNode } from "react";
import { type BarChart, CartesianGrid, type ComposedChart, type LineChart, ResponsiveContainer, XAxis } from "recharts";

/**
 * A chart with one point per day: the frame, margins, grid and day axis the console's daily charts share;
 * the caller adds its value axis, tooltip and series.
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
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
          {children}
        </Chart>
      </ResponsiveContainer>
    </div>
  );
}
