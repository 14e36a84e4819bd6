import type { Episode } from "./episodes";

// Each scan finds a series' episodes again over the whole lookback; these decide which are already
// stored (the same incident, perhaps with a moved start or a new peak) and which are new. An
// episode is the stored anomaly it overlaps; an open stored anomaly the scan no longer finds has
// ended, at the scan's end (when its points stopped counting is not kept).

export interface StoredEpisode {
  id: string;
  start: number;
  /** null while open. */
  end: number | null;
  peakScore: number;
}

export type EpisodeWrite =
  | { kind: "insert"; episode: Episode }
  | { kind: "update"; id: string; episode: Episode; peakMoved: boolean }
  | { kind: "close"; id: string; end: number };

const overlaps = (a: { start: number; end: number | null }, b: { start: number; end: number | null }) =>
  a.start <= (b.end ?? Infinity) && b.start <= (a.end ?? Infinity);

/**
 * What to write for one series. `stored` are its anomalies that may still change (open, or ended
 * within the lookback); `episodes` what the scan found in [lookbackStart, scannedTo).
 */
export function matchEpisodes(
  stored: readonly StoredEpisode[],
  episodes: readonly Episode[],
  lookbackStart: number,
  scannedTo: number,
): EpisodeWrite[] {
  const writes: EpisodeWrite[] = [];
  const claimed = new Set<string>();
  for (const episode of episodes) {
    if ((episode.end ?? Infinity) <= lookbackStart) continue;
    // An open episode continues the open anomaly if there is one: taking an ended row instead would
    // reopen it beside the open one, which the one-open-per-series index refuses.
    const candidates = stored.filter((row) => !claimed.has(row.id) && overlaps(row, episode));
    const match = (episode.end === null && candidates.find((row) => row.end === null)) || candidates[0];
    if (!match) {
      writes.push({ kind: "insert", episode });
      continue;
    }
    claimed.add(match.id);
    const changed =
      match.end !== episode.end ||
      Math.abs(episode.peakScore) > Math.abs(match.peakScore) ||
      match.start !== episode.start;
    if (changed)
      writes.push({
        kind: "update",
        id: match.id,
        episode,
        peakMoved: Math.abs(episode.peakScore) > Math.abs(match.peakScore),
      });
  }
  // An open anomaly the scan no longer finds (its points re-scored inside the band) has ended; closes
  // go first, so an update that opens another row never meets it still open.
  const closes: EpisodeWrite[] = stored
    .filter((row) => !claimed.has(row.id) && row.end === null)
    .map((row) => ({ kind: "close", id: row.id, end: scannedTo }));
  return [...closes, ...writes];
}
