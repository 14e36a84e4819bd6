"use client";

import { ReferenceLine } from "recharts";
import { formatUsd, formatUsdTick } from "@/lib/decimal";
import type { FeatureForecast, ServiceForecast } from "@/lib/forecasts/schemas";
import { BandSeriesChart, type BandRow } from "../../_components/band-series-chart";

const DAY = 86_400_000;
const LABELS = { value: "Observed", expected: "Expected", band: "95% interval", inner: "80% interval" };
const count = (value: number) =>
  value >= 10_000 ? `${(value / 1000).toFixed(value >= 100_000 ? 0 : 1)}k` : String(Math.round(value));

function requestRows(forecast: ServiceForecast): BandRow[] {
  const history: BandRow[] = forecast.history.map((point) => ({
    t: Date.parse(point.t),
    value: point.value,
    expected: null,
    band: null,
  }));
  const future: BandRow[] = forecast.points.map((point) => ({
    t: Date.parse(point.t),
    value: null,
    expected: point.expected,
    band: [point.lower95, point.upper95],
    inner: [point.lower80, point.upper80],
  }));
  return [...history, ...future];
}

/** A service's last 28 days of hourly requests, then the 14-day forecast with its intervals. */
export function RequestForecastChart({ forecast }: { forecast: ServiceForecast }) {
  const rows = requestRows(forecast);
  const start = forecast.points[0] ? Date.parse(forecast.points[0].t) : (rows.at(-1)?.t ?? 0);
  const threshold = forecast.capacity?.threshold;
  return (
    <div className="chart-box" data-testid="request-forecast-chart">
      <h3>Requests per hour</h3>
      <BandSeriesChart
        rows={rows}
        domain={[rows[0]?.t ?? start - 28 * DAY, rows.at(-1)?.t ?? start]}
        labels={LABELS}
        format={(value) => Math.round(value).toLocaleString("en-US")}
        yTick={count}
      >
        <ReferenceLine
          x={start}
          stroke="var(--muted)"
          strokeDasharray="2 2"
          label={{ value: "now", fontSize: 11, position: "insideTopLeft" }}
        />
        <ReferenceLine
          y={forecast.highest}
          stroke="var(--muted)"
          strokeDasharray="6 3"
          label={{ value: "30-day high", fontSize: 11, position: "insideBottomLeft" }}
        />
        {threshold !== undefined && (
          <ReferenceLine
            y={threshold}
            stroke="var(--bad, var(--warn))"
            strokeDasharray="6 3"
            label={{ value: `+${forecast.capacity?.marginPercent}%`, fontSize: 11, position: "insideTopLeft" }}
          />
        )}
      </BandSeriesChart>
    </div>
  );
}

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

function costRows(forecast: FeatureForecast): BandRow[] {
  const history: BandRow[] = forecast.history.map((point) => ({
    t: dayMs(point.day),
    value: Number(point.cost),
    expected: null,
    band: null,
  }));
  const future: BandRow[] = forecast.points.map((point) => ({
    t: dayMs(point.day),
    value: null,
    expected: Number(point.expected),
    band: [Number(point.lower95), Number(point.upper95)],
    inner: [Number(point.lower80), Number(point.upper80)],
  }));
  return [...history, ...future];
}

/** A feature's daily cost for the last 8 weeks, then 14 days of forecast (the figures are cents; the chart draws them). */
export function CostForecastChart({ forecast }: { forecast: FeatureForecast }) {
  const rows = costRows(forecast);
  const start = forecast.points[0] ? dayMs(forecast.points[0].day) : (rows.at(-1)?.t ?? 0);
  return (
    <div className="chart-box" data-testid="cost-forecast-chart">
      <h3>Daily cost ({forecast.currency})</h3>
      <BandSeriesChart
        rows={rows}
        domain={[rows[0]?.t ?? start, rows.at(-1)?.t ?? start]}
        labels={LABELS}
        format={(value) => formatUsd(value.toFixed(2), { currency: forecast.currency })}
        yTick={formatUsdTick}
      >
        <ReferenceLine
          x={start}
          stroke="var(--muted)"
          strokeDasharray="2 2"
          label={{ value: "today", fontSize: 11, position: "insideTopLeft" }}
        />
      </BandSeriesChart>
    </div>
  );
}
