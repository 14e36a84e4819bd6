import { SCORED, type BaselineResult } from "@/lib/anomalies/baseline-result";
import type { DetectionSettings } from "@/lib/anomalies/sensitivity";

export type Severity = "warning" | "critical";

/** One incident on one series: consecutive flagged points, short gaps merged. Times in ms UTC. */
export interface Episode {
  /** Start of the first flagged bucket. */
  start: number;
  /** End of the last flagged bucket; null while the episode may still be going on (open). */
  end: number | null;
  /** When a live scan would have reported it: the end of the bucket that qualified it. */
  detectedAt: number;
  peakAt: number;
  /** Signed robust z-score of the most unusual point. */
  peakScore: number;
  direction: "up" | "down";
  severity: Severity;
  /** Flagged points in it (gaps excluded). */
  points: number;
  startIndex: number;
  endIndex: number;
}

/** Which points are flagged under the settings (1) or not (0); see DetectionSettings. */
export function flagPoints(result: BaselineResult, settings: DetectionSettings): Uint8Array {
  const { score, state } = result;
  const n = score.length;
  const flags = new Uint8Array(n);
  const clip = 2 * settings.k;
  const window = Math.max(1, settings.window);
  const needed = Math.ceil(window / 2);
  let sum = 0;
  let count = 0;
  const clipped = (i: number) => Math.max(-clip, Math.min(clip, score[i]));
  for (let i = 0; i < n; i++) {
    if (state[i] === SCORED) {
      sum += clipped(i);
      count++;
    }
    const out = i - window;
    if (out >= 0 && state[out] === SCORED) {
      sum -= clipped(out);
      count--;
    }
    if (state[i] !== SCORED) continue;
    const z = score[i];
    if (Math.abs(z) >= settings.spikeK) flags[i] = 1;
    else if (count >= needed && Math.abs(sum / count) >= settings.sustainedK) flags[i] = 1;
  }
  return flags;
}

interface Draft {
  startIndex: number;
  endIndex: number;
  points: number;
  qualifiedIndex: number;
}

function toEpisode(result: BaselineResult, draft: Draft, settings: DetectionSettings, open: boolean): Episode {
  const { startMs, stepMs, score, state } = result;
  let peak = draft.startIndex;
  for (let i = draft.startIndex; i <= draft.endIndex; i++) {
    if (state[i] === SCORED && Math.abs(score[i]) > Math.abs(score[peak])) peak = i;
  }
  const peakScore = score[peak];
  const critical =
    Math.abs(peakScore) >= settings.criticalK || draft.endIndex - draft.startIndex + 1 >= settings.criticalPoints;
  return {
    start: startMs + draft.startIndex * stepMs,
    end: open ? null : startMs + (draft.endIndex + 1) * stepMs,
    detectedAt: startMs + (draft.qualifiedIndex + 1) * stepMs,
    peakAt: startMs + peak * stepMs,
    peakScore,
    direction: peakScore >= 0 ? "up" : "down",
    severity: critical ? "critical" : "warning",
    points: draft.points,
    startIndex: draft.startIndex,
    endIndex: draft.endIndex,
  };
}

/**
 * Groups flagged points into episodes: a flagged point within `mergeGapPoints` unflagged points of
 * the previous one continues its episode, so one incident is one episode. Episodes that never reach
 * `minPoints` flagged points or a spike are dropped; one that reaches the last `mergeGapPoints`
 * points of the series is open (end null).
 */
export function groupEpisodes(result: BaselineResult, flags: Uint8Array, settings: DetectionSettings): Episode[] {
  const episodes: Episode[] = [];
  const n = flags.length;
  let draft: Draft | null = null;
  const close = (open: boolean) => {
    if (draft && draft.qualifiedIndex >= 0) episodes.push(toEpisode(result, draft, settings, open));
    draft = null;
  };
  for (let i = 0; i < n; i++) {
    if (!flags[i]) continue;
    if (draft && i - draft.endIndex - 1 > settings.mergeGapPoints) close(false);
    if (!draft) draft = { startIndex: i, endIndex: i, points: 0, qualifiedIndex: -1 };
    draft.endIndex = i;
    draft.points++;
    const spike = Math.abs(result.score[i]) >= settings.spikeK;
    if (draft.qualifiedIndex < 0 && (spike || draft.points >= settings.minPoints)) draft.qualifiedIndex = i;
  }
  const current = draft as Draft | null;
  close(current !== null && n - 1 - current.endIndex <= settings.mergeGapPoints);
  return episodes;
}

/** Flags and groups in one call. */
export function findEpisodes(result: BaselineResult, settings: DetectionSettings): Episode[] {
  return groupEpisodes(result, flagPoints(result, settings), settings);
}
