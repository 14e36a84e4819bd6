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

const time = (iso: string) => iso.slice(11, 16);

/** Requests and errors per slot, and the latency percentiles under them. */
export function RedCharts({ series, stepSeconds }: { series: RedSlot[]; stepSeconds: number }) {
  const perMinute = 60 / stepSeconds;
  const rows = series.map((slot) => ({
    t: stepSeconds >= 86_400 ? slot.t.slice(5, 10) : time(slot.t),
    requests: Number((slot.requests * perMinute).toFixed(2)),
    errors: Number((slot.errors * perMinute).toFixed(2)),
    p50: slot.p50Ms,
    p95: slot.p95Ms,
    p99: slot.p99Ms,
  }));
  return (
    <div className="red-charts">
      <div className="chart-box" data-testid="rate-chart">
        <h3>Requests and errors per minute</h3>
        <ResponsiveContainer width="100%" height={220}>
          <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
            <XAxis dataKey="t" tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis tick={{ fontSize: 11 }} width={44} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line
              type="monotone"
              dataKey="requests"
              stroke="#2563eb"
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
            />
            <Bar dataKey="errors" fill="#dc2626" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="chart-box" data-testid="latency-chart">
        <h3>Latency (ms)</h3>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
            <XAxis dataKey="t" tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis tick={{ fontSize: 11 }} width={44} />
            <Tooltip formatter={(value) => `${Number(value).toFixed(1)} ms`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line type="monotone" dataKey="p50" stroke="#16a34a" dot={false} connectNulls isAnimationActive={false} />
            <Line type="monotone" dataKey="p95" stroke="#d97706" dot={false} connectNulls isAnimationActive={false} />
            <Line type="monotone" dataKey="p99" stroke="#dc2626" dot={false} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
