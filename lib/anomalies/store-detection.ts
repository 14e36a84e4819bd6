import { sqlTransaction } from "../db";
import type { BaselineResult } from "./baseline-result";
import type { Episode } from "./episodes";
import type { RegularSeries } from "./series";
import { type SeriesKey, storeEpisodes } from "./store-anomalies";

// What every scan (traffic, cost, metrics) does with one series' detection: keep the episodes of
// its lookback, with the value each peaked at and what was expected there, and store them.

export interface ScanTally {
  series: number;
  learning: number;
  inserted: string[];
  updated: string[];
  closed: string[];
}

export const emptyTally = (): ScanTally => ({ series: 0, learning: 0, inserted: [], updated: [], closed: [] });

export async function storeDetection(
  tally: ScanTally,
  key: SeriesKey,
  series: RegularSeries,
  detection: { baseline: BaselineResult; episodes: Episode[] },
  window: { lookbackStart: number; scannedTo: number; stepMs: number },
): Promise<void> {
  const { baseline, episodes } = detection;
  const found = episodes
    .filter((episode) => (episode.end ?? Infinity) > window.lookbackStart)
    .map((episode) => {
      const peak = Math.round((episode.peakAt - series.startMs) / series.stepMs);
      return { episode, values: { observed: series.values[peak], expected: baseline.expected[peak] } };
    });
  const written = await sqlTransaction((client) => storeEpisodes(client, key, found, window));
  tally.series += 1;
  tally.learning += Number(baseline.state.every((state) => state !== 0));
  tally.inserted.push(...written.inserted);
  tally.updated.push(...written.updated);
  tally.closed.push(...written.closed);
}
