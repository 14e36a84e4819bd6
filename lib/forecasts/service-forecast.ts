import { type Forecast, forecastSeries } from "@/lib/anomalies/forecast";
import { DAY, HOUR, type RegularSeries } from "@/lib/anomalies/series";
import { capacityRule } from "./capacity-rule";
import type { ForecastPoint, ServiceForecast } from "./schemas";
import { weeklyGrouping } from "./weekly-grouping";

export const HISTORY_DAYS = 28;
export const HIGHEST_DAYS = 30;
export const HORIZON_DAYS = 14;

/** One complete hour of a service and environment: requests summed over its operations. */
export interface HourTotal {
  t: number;
  requests: number;
}

/**
 * The last `days` complete hours before `endMs` (an hour boundary) as a series; an hour with no
 * rollup row is missing (NaN), not zero, so a collector outage does not read as a quiet spell.
 */
export function hourlySeries(hours: readonly HourTotal[], endMs: number, days = HISTORY_DAYS): RegularSeries {
  const startMs = endMs - days * DAY;
  const values = new Float64Array(days * 24).fill(NaN);
  for (const hour of hours) {
    const i = (hour.t - startMs) / HOUR;
    if (Number.isInteger(i) && i >= 0 && i < values.length && Number.isFinite(hour.requests)) values[i] = hour.requests;
  }
  return { startMs, stepMs: HOUR, values };
}

/** Highest hourly requests of the last 30 days before `endMs`; 0 when none. */
export function highestHour(hours: readonly HourTotal[], endMs: number): number {
  const from = endMs - HIGHEST_DAYS * DAY;
  let highest = 0;
  for (const hour of hours) if (hour.t >= from && hour.t < endMs && hour.requests > highest) highest = hour.requests;
  return highest;
}

// Real traffic wanders more than counting noise: a tenth either way in an hour is ordinary
// (the anomaly scan's floor for request rates).
const REQUEST_FLOOR = 0.08;

/** The expected line with both intervals; the lower bounds never below zero for a rate. */
export function forecastPoints(at80: Forecast, at95: Forecast): ForecastPoint[] {
  const floor = (value: number) => (at95.ratio ? Math.max(0, value) : value);
  const points: ForecastPoint[] = [];
  for (let i = 0; i < at95.expected.length; i++) {
    if (!Number.isFinite(at95.expected[i])) continue;
    points.push({
      t: new Date(at95.startMs + i * at95.stepMs).toISOString(),
      expected: at95.expected[i],
      lower80: floor(at80.lower[i]),
      upper80: at80.upper[i],
      lower95: floor(at95.lower[i]),
      upper95: at95.upper[i],
    });
  }
  return points;
}

/** A service's request-rate forecast for the next 14 days and the capacity rule's finding on it. */
export function serviceForecast(
  key: { service: string; environment: string },
  hours: readonly HourTotal[],
  endMs: number,
  marginPercent: number,
): ServiceForecast {
  const series = hourlySeries(hours, endMs);
  const options = {
    horizonMs: HORIZON_DAYS * DAY,
    historyMs: HISTORY_DAYS * DAY,
    weekly: weeklyGrouping(series),
    relativeFloor: REQUEST_FLOOR,
  };
  const at95 = forecastSeries(series, { ...options, coverage: 0.95 });
  const at80 = forecastSeries(series, { ...options, coverage: 0.8 });
  const highest = highestHour(hours, endMs);
  const finding = capacityRule(at95, highest, marginPercent);
  return {
    ...key,
    state: at95.state,
    history: Array.from(series.values, (value, i) => ({
      t: new Date(series.startMs + i * HOUR).toISOString(),
      value: Number.isFinite(value) ? value : null,
    })),
    points: forecastPoints(at80, at95),
    trendPerDay: at95.trendPerDay,
    highest,
    capacity: finding && {
      ...key,
      ...finding,
      expectedAt: finding.expectedAt === null ? null : new Date(finding.expectedAt).toISOString(),
      upperAt: new Date(finding.upperAt).toISOString(),
    },
  };
}
