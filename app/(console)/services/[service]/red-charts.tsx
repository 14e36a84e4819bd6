"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { RedSlot } from "@/lib/traces/service-detail";
import { fullTime, timeAxis } from "../../_components/time-axis";
import { type DeployMark, type IncidentMark, markElements } from "./delivery-marks";
import styles from "./service.module.css";

type Row = { t: number; requests: number; errors: number; p50: number | null; p95: number | null; p99: number | null };

/** The time axis both charts share: the whole window, so deploys and incidents sit where they happened. */
type Timeline = {
  domain: [number, number];
  deploys: DeployMark[];
  incidents: IncidentMark[];
};

/**
 * Requests and errors per slot, and the latency percentiles beside them (under them when narrow),
 * with the service's production deployments and incidents on the same timeline.
 */
export function RedCharts({
  series,
  stepSeconds,
  window,
  deploys,
  incidents,
}: {
  series: RedSlot[];
  stepSeconds: number;
  window: [number, number];
  deploys: DeployMark[];
  incidents: IncidentMark[];
}) {
  const perMinute = 60 / stepSeconds;
  const timeline: Timeline = { domain: window, deploys, incidents };
  const rows: Row[] = series.map((slot) => ({
    t: Date.parse(slot.t),
    requests: Number((slot.requests * perMinute).toFixed(2)),
    errors: Number((slot.errors * perMinute).toFixed(2)),
    p50: slot.p50Ms,
    p95: slot.p95Ms,
    p99: slot.p99Ms,
  }));
  return (
    <div className={styles.charts}>
      <RateChart rows={rows} timeline={timeline} />
      <LatencyChart rows={rows} timeline={timeline} />
    </div>
  );
}

function RateChart({ rows, timeline }: { rows: Row[]; timeline: Timeline }) {
  return (
    <div className="chart-box" data-testid="rate-chart">
      <h3>Requests and errors per minute</h3>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--grid)" />
          <XAxis {...timeAxis(timeline)} />
          <YAxis tick={{ fontSize: 11 }} width={44} />
          <Tooltip labelFormatter={fullTime} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="monotone"
            dataKey="requests"
            stroke="var(--chart-1)"
            dot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
          <Bar dataKey="errors" fill="var(--bad)" isAnimationActive={false} />
          {markElements(timeline.deploys, timeline.incidents)}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

const LATENCIES = [
  ["p50", "var(--chart-2)"],
  ["p95", "var(--chart-3)"],
  ["p99", "var(--bad)"],
] as const;

function LatencyChart({ rows, timeline }: { rows: Row[]; timeline: Timeline }) {
  return (
    <div className="chart-box" data-testid="latency-chart">
      <h3>Latency (ms)</h3>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--grid)" />
          <XAxis {...timeAxis(timeline)} />
          <YAxis tick={{ fontSize: 11 }} width={44} />
          <Tooltip labelFormatter={fullTime} formatter={(value) => `${Number(value).toFixed(1)} ms`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {LATENCIES.map(([key, colour]) => (
            <Line
              key={key}
              type="monotone"
              dataKey={key}
              stroke={colour}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          {markElements(timeline.deploys, timeline.incidents)}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
