import type { Episode } from "@/lib/anomalies/episodes";
import { median } from "@/lib/anomalies/robust-stats";

/** One scanned series: its grid, its labelled anomalies ([start, end) point indices) and episodes. */
export interface DetectionCase {
  startMs: number;
  stepMs: number;
  labels: readonly { start: number; end: number }[];
  episodes: readonly Pick<Episode, "start" | "end" | "detectedAt">[];
}

export interface DetectionScore {
  /**
   * Detected anomalies over detected anomalies plus false-positive episodes (1 when both are 0):
   * several episodes on one labelled anomaly count once, so splitting an incident earns nothing.
   */
  precision: number;
  /** Labelled anomalies overlapped by an episode over all labelled anomalies (1 when there are none). */
  recall: number;
  /** Median over detected anomalies of detectedAt − labelled start, in minutes (null if none). */
  medianDelayMinutes: number | null;
  episodes: number;
  /** Episodes overlapping a labelled anomaly (several may overlap one). */
  truePositives: number;
  falsePositives: number;
  labels: number;
  detected: number;
}

/**
 * Event-level precision and recall. An episode is a true positive when it overlaps a labelled
 * window widened by `toleranceMs` on each side (an open episode runs to the series' end); a label
 * is detected when any episode overlaps it so. Delay counts from the labelled start to when the
 * episode would have been reported, never below zero.
 */
export function evaluateDetection(cases: readonly DetectionCase[], toleranceMs = 15 * 60_000): DetectionScore {
  let episodes = 0;
  let truePositives = 0;
  let labels = 0;
  const delays: number[] = [];
  for (const item of cases) {
    const windows = item.labels.map((label) => ({
      from: item.startMs + label.start * item.stepMs - toleranceMs,
      to: item.startMs + label.end * item.stepMs + toleranceMs,
      start: item.startMs + label.start * item.stepMs,
    }));
    const overlaps = (episode: DetectionCase["episodes"][number], window: (typeof windows)[number]) =>
      episode.start < window.to && (episode.end ?? Infinity) > window.from;
    episodes += item.episodes.length;
    truePositives += item.episodes.filter((episode) => windows.some((w) => overlaps(episode, w))).length;
    labels += windows.length;
    for (const window of windows) {
      const hits = item.episodes.filter((episode) => overlaps(episode, window));
      if (!hits.length) continue;
      const first = Math.min(...hits.map((episode) => episode.detectedAt));
      delays.push(Math.max(0, first - window.start) / 60_000);
    }
  }
  return {
    precision:
      delays.length + episodes - truePositives ? delays.length / (delays.length + episodes - truePositives) : 1,
    recall: labels ? delays.length / labels : 1,
    medianDelayMinutes: delays.length ? median(delays) : null,
    episodes,
    truePositives,
    falsePositives: episodes - truePositives,
    labels,
    detected: delays.length,
  };
}
