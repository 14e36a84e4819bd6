"use client";

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { BandPoint } from "@/lib/anomalies/get-anomaly";
import { fullTime, timeAxis } from "../../_components/time-axis";
import { SERIES_LABELS, valueText } from "../anomaly-format";

type Row = { t: number; value: number | null; expected: number | null; band: [number, number] | null };

/** Error rates in percent; the band never below zero, as none of these series can be. */
function rowsOf(points: BandPoint[], scale: number): Row[] {
  const scaled = (value: number | null) => (value === null ? null : value * scale);
  return points.map((point) => ({
    t: Date.parse(point.t),
    value: scaled(point.value),
    expected: scaled(point.expected),
    band: point.lower === null || point.upper === null ? null : [Math.max(0, point.lower) * scale, point.upper * scale],
  }));
}

const tooltipValue = (series: string, scale: number) => (value: unknown, name: unknown) => [
  Array.isArray(value)
    ? value.map((v) => valueText(series, Number(v) / scale)).join(" – ")
    : valueText(series, Number(value) / scale),
  name,
];

/** The series against its expected value and band, the episode shaded: what the scan judged by. */
export function BandChart({
  series,
  points,
  episode,
}: {
  series: string;
  points: BandPoint[];
  episode: { start: number; end: number };
}) {
  const scale = series === "errors" ? 100 : 1;
  const rows = rowsOf(points, scale);
  const domain: [number, number] = [rows[0]?.t ?? episode.start, rows[rows.length - 1]?.t ?? episode.end];
  const units: Record<string, string> = { errors: " (%)", latency: " (ms)", cost: " (a day)", metric: "" };
  const unit = units[series] ?? " (per slot)";
  return (
    <div className="chart-box" data-testid="anomaly-chart">
      <h3>
        {SERIES_LABELS[series] ?? series}
        {unit}
      </h3>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--grid)" />
          <XAxis {...timeAxis({ domain })} />
          <YAxis tick={{ fontSize: 11 }} width={52} />
          <Tooltip labelFormatter={fullTime} formatter={tooltipValue(series, scale) as never} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceArea x1={episode.start} x2={episode.end} fill="var(--bad, var(--warn))" fillOpacity={0.08} />
          <Area
            dataKey="band"
            name="Usual range"
            stroke="none"
            fill="var(--chart-1)"
            fillOpacity={0.15}
            isAnimationActive={false}
          />
          <Line
            dataKey="expected"
            name="Expected"
            stroke="var(--chart-1)"
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="value"
            name="Observed"
            stroke="var(--chart-2)"
            dot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
