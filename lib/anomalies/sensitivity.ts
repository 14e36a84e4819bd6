import { DAY, MINUTE } from "@/lib/anomalies/series";

/** How readily a series pages: a named level, or the band's half-width k in robust sigmas (1.5–10). */
export type Sensitivity = "low" | "medium" | "high" | number;

/**
 * What turns scores into episodes. A point is flagged when the mean of the last `window` scores
 * (each clipped to ±2k, so one spike cannot carry its neighbours) reaches `sustainedK`, or when its
 * own score reaches `spikeK`. Flagged points closer than `mergeGapPoints` form one episode, which
 * is kept once it has `minPoints` flagged points or a spike.
 */
export interface DetectionSettings {
  k: number;
  window: number;
  sustainedK: number;
  spikeK: number;
  minPoints: number;
  mergeGapPoints: number;
  criticalK: number;
  criticalPoints: number;
}

interface Level {
  k: number;
  sustainedK: number;
  spikeK: number;
  criticalK: number;
}

const LEVELS: Record<"low" | "medium" | "high", Level> = {
  low: { k: 4.5, sustainedK: 3.5, spikeK: 8, criticalK: 10 },
  medium: { k: 3.5, sustainedK: 2.75, spikeK: 6, criticalK: 8 },
  high: { k: 3, sustainedK: 2.25, spikeK: 5, criticalK: 7 },
};

function levelOf(sensitivity: Sensitivity): Level {
  if (typeof sensitivity === "string") {
    const level = LEVELS[sensitivity];
    if (!level) throw new RangeError(`Unknown sensitivity "${String(sensitivity)}"`);
    return level;
  }
  if (!Number.isFinite(sensitivity) || sensitivity < 1.5 || sensitivity > 10) {
    throw new RangeError("A numeric sensitivity is the band's k, between 1.5 and 10");
  }
  const k = sensitivity;
  return { k, sustainedK: k * (2.75 / 3.5), spikeK: k * (6 / 3.5), criticalK: k * (8 / 3.5) };
}

/**
 * Settings for a series of the given step. Per-minute series average 5 points and need 8 flagged
 * minutes (a spike needs one); hourly series 2 points; daily series judge each day alone. Gaps of up to 15 minutes
 * (2 hours, 1 day) join flagged points into one episode; an hour (6 hours, 3 days) is critical.
 */
export function sensitivitySettings(sensitivity: Sensitivity, stepMs: number): DetectionSettings {
  const level = levelOf(sensitivity);
  const fine = stepMs <= 5 * MINUTE;
  const daily = stepMs >= DAY;
  const points = (ms: number) => Math.max(1, Math.round(ms / stepMs));
  return {
    ...level,
    window: fine ? 5 : daily ? 1 : 2,
    minPoints: fine ? 8 : 1,
    mergeGapPoints: fine ? points(15 * MINUTE) : daily ? 1 : 2,
    criticalPoints: fine ? points(60 * MINUTE) : daily ? 3 : 6,
  };
}
