import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { readRolledUntil } from "../traces/rollup-spans";
import { parseInput } from "../validation";
import { readRedSeries } from "./read-red-series";
import { stepOf } from "./scan-anomalies";
import { SensitivityInput } from "./schemas";
import { readSensitivities } from "./sensitivities";
import { detectSeries } from "./series-settings";

// What a sensitivity would have flagged on a service's series over the last 7 days, next to what
// the level in force flagged, so a person sees the effect before saving it.

const DAY_MS = 86_400_000;

export async function previewSeriesSensitivity(ctx: Ctx, input: unknown) {
  authorize(ctx, "anomalies:triage");
  const { service, series, level } = parseInput(SensitivityInput, input);
  if (service === "*") throw new VigilError("bad_request", "service: preview one service at a time");
  // Up to what the rollups completed; when they are stopped or far behind, up to now with the data there is.
  const rolled = (await readRolledUntil())?.getTime() ?? 0;
  const until = rolled > Date.now() - 3_600_000 ? Math.min(Date.now(), rolled) : Date.now();
  const stepMs = await stepOf(until);
  const to = Math.floor(until / stepMs) * stepMs;
  const reds = await readRedSeries(pool(), { from: new Date(to - 14 * DAY_MS), to: new Date(to), stepMs, service });
  const red = reds.sort((a, b) => sum(b.requests.values) - sum(a.requests.values))[0];
  if (!red) throw new VigilError("not_found", `No traffic from ${service} in the last 14 days`);
  const current = (await readSensitivities(pool()))(service, series);
  const flagged = (chosen: typeof level) => {
    if (chosen === "off") return [];
    const { episodes } = detectSeries(red[series], series, chosen);
    return episodes
      .filter((episode) => (episode.end ?? Infinity) > to - 7 * DAY_MS)
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
    environment: red.environment,
    stepMs,
    current: { level: current, episodes: flagged(current) },
    proposed: { level, episodes: flagged(level) },
  };
}

const sum = (values: Float64Array) => values.reduce((total, v) => (Number.isNaN(v) ? total : total + v), 0);
