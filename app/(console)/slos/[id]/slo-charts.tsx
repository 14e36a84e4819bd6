"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SloSeriesPoint } from "@/lib/slo/slo-series";
import { fullTime, timeAxis } from "../../_components/time-axis";
import { type DeployMark, type IncidentMark, markElements } from "../../services/[service]/delivery-marks";
import styles from "./slo-page.module.css";

type Row = { t: number; sli: number | null; budget: number | null };
type Timeline = { domain: [number, number]; deploys: DeployMark[]; incidents: IncidentMark[] };

/**
 * The SLI axis: from a budget under the objective or the 5th percentile of the hours, whichever is
 * lower, up to 100%: a rare deep dip runs off the bottom rather than flattening the rest.
 */
function sliDomain(rows: Row[], objectivePercent: number): [number, number] {
  const budget = Math.max(100 - objectivePercent, 0.01);
  const slis = rows.flatMap((r) => (r.sli === null ? [] : [r.sli])).sort((x, y) => x - y);
  const typical = slis.length ? slis[Math.floor(slis.length * 0.05)] : objectivePercent;
  const floor = Math.max(Math.min(objectivePercent, typical) - budget, 0);
  return [Number(floor.toFixed(3)), 100];
}

/** Round ticks from the lowest budget (or 0) up to 100%: steps of 1, 2 or 5 times a power of ten. */
function budgetTicks(rows: Row[]): number[] {
  const low = Math.min(0, ...rows.map((r) => r.budget ?? 0));
  const raw = (100 - low) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const first = Math.floor(low / step);
  const count = Math.floor(100 / step) - first + 1;
  return Array.from({ length: count }, (_, i) => Number(((first + i) * step).toPrecision(12)));
}

const percentTick = (digits: number) => (v: number) => `${v.toFixed(digits)}%`;
const percentValue = (v: unknown) => (typeof v === "number" ? `${v.toFixed(3)}%` : "–");

/**
 * The SLI hour by hour against the objective, and the error budget left after each hour, with the
 * service's production deployments (dashed) and incidents (shaded) on the same timeline.
 */
export function SloCharts({
  points,
  objective,
  ...timeline
}: Timeline & { points: SloSeriesPoint[]; objective: number }) {
  const rows: Row[] = points.map((p) => ({
    t: Date.parse(p.at),
    sli: p.sli === null ? null : Number((p.sli * 100).toFixed(4)),
    budget: p.budgetRemaining === null ? null : Number((p.budgetRemaining * 100).toFixed(2)),
  }));
  const objectivePercent = Number((objective * 100).toPrecision(12));
  return (
    <div className={styles.charts}>
      <SliChart rows={rows} objectivePercent={objectivePercent} timeline={timeline} />
      <BudgetChart rows={rows} timeline={timeline} />
    </div>
  );
}

function SliChart({ rows, objectivePercent, timeline }: { rows: Row[]; objectivePercent: number; timeline: Timeline }) {
  const domain = sliDomain(rows, objectivePercent);
  const digits = domain[1] - domain[0] < 1 ? 2 : 1;
  return (
    <div className="chart-box" data-testid="sli-chart">
      <h3>SLI per hour against the objective ({objectivePercent}%)</h3>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--grid)" />
          <XAxis {...timeAxis(timeline)} />
          <YAxis
            domain={domain}
            allowDataOverflow
            tick={{ fontSize: 11 }}
            width={60}
            tickFormatter={percentTick(digits)}
          />
          <Tooltip labelFormatter={fullTime} formatter={percentValue} />
          <Line
            type="linear"
            dataKey="sli"
            name="SLI"
            stroke="var(--chart-1)"
            dot={false}
            strokeWidth={1}
            isAnimationActive={false}
          />
          <ReferenceLine
            y={objectivePercent}
            stroke="var(--bad)"
            strokeDasharray="6 4"
            strokeWidth={1.5}
            ifOverflow="extendDomain"
          />
          {markElements(timeline.deploys, timeline.incidents)}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The budget left after each hour had the window ended then; 0 is where it is spent. */
function BudgetChart({ rows, timeline }: { rows: Row[]; timeline: Timeline }) {
  const ticks = budgetTicks(rows);
  return (
    <div className="chart-box" data-testid="budget-chart">
      <h3>Error budget left (burn-down)</h3>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--grid)" />
          <XAxis {...timeAxis(timeline)} />
          <YAxis
            domain={[ticks[0], 100]}
            ticks={ticks}
            tick={{ fontSize: 11 }}
            width={48}
            tickFormatter={percentTick(0)}
          />
          <Tooltip labelFormatter={fullTime} formatter={(v) => (typeof v === "number" ? `${v.toFixed(1)}%` : "–")} />
          <ReferenceLine y={0} stroke="var(--bad)" strokeWidth={1.5} />
          <Line
            type="stepAfter"
            dataKey="budget"
            name="Budget left"
            stroke="var(--chart-3)"
            dot={false}
            strokeWidth={1.5}
            connectNulls
            isAnimationActive={false}
          />
          {markElements(timeline.deploys, timeline.incidents)}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
