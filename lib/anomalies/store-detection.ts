import { pool, sqlTransaction } from "../db";
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

/**
 * Open anomalies that started in [since, until) whose series this scan did not look at (switched
 * off, a service silent since, spend gone) end at `until`: nothing will ever score them again. The
 * cost scan and the traffic scan each close only their own (`costs` picks which).
 */
export async function closeUnscanned(
  scanned: SeriesKey[],
  window: { since: number; until: number; costs: boolean },
): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    `UPDATE anomaly a SET ended_at = greatest($1, a.started_at), updated_at = now()
      WHERE a.ended_at IS NULL AND (a.series = 'cost') = $6 AND a.started_at >= $5 AND a.started_at < $1
        AND NOT EXISTS (
          SELECT 1 FROM unnest($2::text[], $3::text[], $4::text[], $7::text[]) AS k (service, series, environment, scope)
           WHERE k.service = a.service AND k.series = a.series AND k.environment = a.environment AND k.scope = a.scope)
      RETURNING a.id`,
    [
      new Date(window.until),
      scanned.map((key) => key.service),
      scanned.map((key) => key.series),
      scanned.map((key) => key.environment),
      new Date(window.since),
      window.costs,
      scanned.map((key) => key.scope),
    ],
  );
  return rows.map((row) => row.id);
}
