import { detectAnomalies } from "./detect-anomalies";
import type { SeriesName } from "./schemas";
import type { BaselineOptions } from "./seasonal-baseline";
import type { SensitivityLevel } from "./sensitivities";
import type { RegularSeries } from "./series";
import type { VolumeGuard } from "./volume-guard";

// How each traffic series is judged, shared by the scan and the anomaly page's chart so the band
// a person sees is the one that decided.

const GUARDS: Record<SeriesName, VolumeGuard> = {
  requests: { kind: "request-rate" },
  errors: { kind: "error-rate" },
  latency: { kind: "latency" },
  cost: { kind: "cost" },
  metric: { kind: "metric" },
};

// Real traffic wanders more than counting noise: a tenth either way in an hour's rate or p95 is
// an ordinary hour, and half a point of error rate is not worth a person's attention. A day's cost
// wanders 5 % with usage, and a move under a few currency units a day is not worth a FinOps review.
const FLOORS: Record<SeriesName, BaselineOptions> = {
  requests: { relativeFloor: 0.08 },
  errors: { absoluteFloor: 0.005 },
  latency: { relativeFloor: 0.08, noise: "quantile" },
  cost: { relativeFloor: 0.05, absoluteFloor: 1 },
  metric: { relativeFloor: 0.05 },
};

/** A watched metric's increases are counts (counting noise, a tenth either way is usual); its means wander 5 %. */
export function detectMetric(series: RegularSeries, counted: boolean, level: Exclude<SensitivityLevel, "off">) {
  const baseline: BaselineOptions = counted ? { relativeFloor: 0.1, noise: "poisson" } : FLOORS.metric;
  return detectAnomalies(series, { sensitivity: level, guard: GUARDS.metric, baseline });
}

export type TrafficSeries = Exclude<SeriesName, "cost" | "metric">;

export function detectSeries(series: RegularSeries, name: SeriesName, level: Exclude<SensitivityLevel, "off">) {
  return detectAnomalies(series, { sensitivity: level, guard: GUARDS[name], baseline: FLOORS[name] });
}
