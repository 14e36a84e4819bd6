"use client";

import type { ReactNode } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fullTime, timeAxis } from "./time-axis";

/** One time of a banded chart: what was seen, what the model expects, and its ranges. */
export interface BandRow {
  t: number;
  value: number | null;
  expected: number | null;
  band: [number, number] | null;
  /** A narrower, darker inner range (a forecast's 80 % inside its 95 %). */
  inner?: [number, number] | null;
}

const tooltipOf = (format: (value: number) => string) => (value: unknown, name: unknown) => [
  Array.isArray(value) ? value.map((v) => format(Number(v))).join(" – ") : format(Number(value)),
  name,
];

interface BandSeriesChartProps {
  rows: BandRow[];
  domain: [number, number];
  labels: { value: string; expected: string; band: string; inner?: string };
  format: (value: number) => string;
  yTick?: (value: number) => string;
  height?: number;
  children?: ReactNode;
}

/**
 * A series against a model's expected line and range: the anomaly page's "usual range" and the
 * forecasts' prediction intervals share it. `children` adds reference areas or lines.
 */
export function BandSeriesChart(props: BandSeriesChartProps) {
  const { rows, domain, labels, format, yTick, height = 260, children } = props;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--grid)" />
        <XAxis {...timeAxis({ domain })} />
        <YAxis tick={{ fontSize: 11 }} width={52} tickFormatter={yTick} />
        <Tooltip labelFormatter={fullTime} formatter={tooltipOf(format) as never} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {children}
        <Area
          dataKey="band"
          name={labels.band}
          stroke="none"
          fill="var(--chart-1)"
          fillOpacity={0.15}
          isAnimationActive={false}
        />
        {labels.inner && (
          <Area
            dataKey="inner"
            name={labels.inner}
            stroke="none"
            fill="var(--chart-1)"
            fillOpacity={0.25}
            isAnimationActive={false}
          />
        )}
        <Line
          dataKey="expected"
          name={labels.expected}
          stroke="var(--chart-1)"
          strokeDasharray="4 3"
          dot={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="value"
          name={labels.value}
          stroke="var(--chart-2)"
          dot={false}
          strokeWidth={1.5}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
