"use client";

import { ReferenceArea } from "recharts";
import type { BandPoint } from "@/lib/anomalies/get-anomaly";
import { BandSeriesChart, type BandRow } from "../../_components/band-series-chart";
import { SERIES_LABELS, valueText } from "../anomaly-format";

/** Error rates in percent; the band never below zero, as none of these series can be. */
function rowsOf(points: BandPoint[], scale: number): BandRow[] {
  const scaled = (value: number | null) => (value === null ? null : value * scale);
  return points.map((point) => ({
    t: Date.parse(point.t),
    value: scaled(point.value),
    expected: scaled(point.expected),
    band: point.lower === null || point.upper === null ? null : [Math.max(0, point.lower) * scale, point.upper * scale],
  }));
}

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
      <BandSeriesChart
        rows={rows}
        domain={domain}
        labels={{ value: "Observed", expected: "Expected", band: "Usual range" }}
        format={(value) => valueText(series, value / scale)}
      >
        <ReferenceArea x1={episode.start} x2={episode.end} fill="var(--bad, var(--warn))" fillOpacity={0.08} />
      </BandSeriesChart>
    </div>
  );
}
