import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { readRolledUntil } from "../traces/rollup-spans";
import { parseInput } from "../validation";
import { readRedSeries } from "./read-red-series";
import { stepOf } from "./scan-anomalies";
import { SensitivityInput } from "./schemas";
import { readSensitivities } from "./sensitivities";
import { readCostCoveredUntil, readCostSeries } from "./read-cost-series";
import { COST_HISTORY_MS } from "./scan-costs";
import { detectSeries, type TrafficSeries } from "./series-settings";
import type { RegularSeries } from "./series";

// What a sensitivity would have flagged on a service's series over the last 7 days (4 weeks for the
// daily cost), next to what the level in force flagged, so a person sees the effect before saving it.

const DAY_MS = 86_400_000;

interface Subject {
  environment: string;
  series: RegularSeries;
  /** The end of the series: episodes ending in the `days` before it are counted. */
  to: number;
  days: number;
}

/** The service's busiest environment's traffic series of the last 14 days, counted over 7. */
async function trafficSubject(service: string, series: TrafficSeries): Promise<Subject | null> {
  // Up to what the rollups completed; when they are stopped or far behind, up to now with the data there is.
  const rolled = (await readRolledUntil())?.getTime() ?? 0;
  const until = rolled > Date.now() - 3_600_000 ? Math.min(Date.now(), rolled) : Date.now();
  const stepMs = await stepOf(until);
  const to = Math.floor(until / stepMs) * stepMs;
  const reds = await readRedSeries(pool(), { from: new Date(to - 14 * DAY_MS), to: new Date(to), stepMs, service });
  const red = reds
    .filter((item) => item.scope === "")
    .sort((a, b) => sum(b.requests.values) - sum(a.requests.values))[0];
  return red ? { environment: red.environment, series: red[series], to, days: 7 } : null;
}

/** The service's costliest environment's daily cost up to the last bill, counted over 4 weeks. */
async function costSubject(service: string): Promise<Subject | null> {
  const { until } = await readCostCoveredUntil(pool());
  if (until === null) return null;
  const costs = await readCostSeries(pool(), { from: new Date(until - COST_HISTORY_MS), to: new Date(until) });
  const own = costs.filter((item) => item.service === service && item.scope === "");
  const cost = own.sort((a, b) => sum(b.series.values) - sum(a.series.values))[0];
  return cost ? { environment: cost.environment, series: cost.series, to: until, days: 28 } : null;
}

export async function previewSeriesSensitivity(ctx: Ctx, input: unknown) {
  authorize(ctx, "anomalies:triage");
  const { service, series, level } = parseInput(SensitivityInput, input);
  if (service === "*") throw new VigilError("bad_request", "service: preview one service at a time");
  if (series === "metric") {
    throw new VigilError(
      "bad_request",
      "series: a metric level can be saved but not previewed (it covers every watched metric)",
    );
  }
  const subject = series === "cost" ? await costSubject(service) : await trafficSubject(service, series);
  if (!subject) {
    const what = series === "cost" ? "allocated cost" : "traffic";
    throw new VigilError("not_found", `No ${what} from ${service} in the last ${series === "cost" ? 63 : 14} days`);
  }
  const current = (await readSensitivities(pool()))(service, series);
  const flagged = (chosen: typeof level) => {
    if (chosen === "off") return [];
    const { episodes } = detectSeries(subject.series, series, chosen);
    return episodes
      .filter((episode) => (episode.end ?? Infinity) > subject.to - subject.days * DAY_MS)
      .filter((episode) => series !== "cost" || episode.direction === "up")
      .map((episode) => ({
        start: new Date(episode.start).toISOString(),
        end: episode.end === null ? null : new Date(episode.end).toISOString(),
        severity: episode.severity,
        direction: episode.direction,
        score: Math.round(episode.peakScore * 10) / 10,
      }));
  };
  return {
    service,
    series,
    environment: subject.environment,
    stepMs: subject.series.stepMs,
    days: subject.days,
    current: { level: current, episodes: flagged(current) },
    proposed: { level, episodes: flagged(level) },
  };
}

const sum = (values: Float64Array) => values.reduce((total, v) => (Number.isNaN(v) ? total : total + v), 0);
