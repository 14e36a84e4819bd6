import type pg from "pg";
import type { Episode } from "./episodes";
import { matchEpisodes, type StoredEpisode } from "./match-episodes";
import type { SeriesName } from "./schemas";

// Writes one series' episodes: new anomalies, moved peaks and ends, and the ends of those the scan
// no longer sees. Returns the ids whose "what changed" should be (re)computed and notices sent.

export interface SeriesKey {
  service: string;
  series: SeriesName;
  scope: string;
  environment: string;
}

export interface EpisodeValues {
  observed: number;
  expected: number;
}

const STORED = `SELECT id, (extract(epoch FROM started_at) * 1000)::float8 AS start,
    (extract(epoch FROM ended_at) * 1000)::float8 AS "end", peak_score AS "peakScore"
  FROM anomaly WHERE service = $1 AND series = $2 AND scope = $3 AND environment = $4
    AND (ended_at IS NULL OR ended_at > $5) ORDER BY started_at`;

const INSERT = `INSERT INTO anomaly (service, series, scope, environment, started_at, peak_at, ended_at, direction, severity,
    peak_score, observed, expected, step_ms)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (service, series, scope, environment) WHERE ended_at IS NULL DO NOTHING RETURNING id`;

const UPDATE = `UPDATE anomaly SET started_at = $2, peak_at = $3, ended_at = $4, direction = $5, severity = $6,
    peak_score = $7, observed = $8, expected = $9, updated_at = now(),
    changes_at = CASE WHEN $10 THEN NULL ELSE changes_at END
  WHERE id = $1`;

const CLOSE = "UPDATE anomaly SET ended_at = greatest($2, started_at), updated_at = now() WHERE id = $1";

const at = (ms: number | null) => (ms === null ? null : new Date(ms));

export async function storeEpisodes(
  client: pg.ClientBase,
  key: SeriesKey,
  found: { episode: Episode; values: EpisodeValues }[],
  window: { lookbackStart: number; scannedTo: number; stepMs: number },
): Promise<{ inserted: string[]; updated: string[]; closed: string[] }> {
  const { rows } = await client.query<StoredEpisode>(STORED, [
    key.service,
    key.series,
    key.scope,
    key.environment,
    new Date(window.lookbackStart),
  ]);
  const values = new Map(found.map((item) => [item.episode, item.values]));
  const writes = matchEpisodes(
    rows,
    found.map((item) => item.episode),
    window.lookbackStart,
    window.scannedTo,
  );
  const out = { inserted: [] as string[], updated: [] as string[], closed: [] as string[] };
  for (const write of writes) {
    if (write.kind === "close") {
      await client.query(CLOSE, [write.id, new Date(write.end)]);
      out.closed.push(write.id);
      continue;
    }
    const { episode } = write;
    const { observed, expected } = values.get(episode)!;
    const common = [at(episode.start), at(episode.peakAt), at(episode.end), episode.direction, episode.severity];
    const measured = [episode.peakScore, observed, expected];
    if (write.kind === "update") {
      await client.query(UPDATE, [write.id, ...common, ...measured, write.peakMoved]);
      out[episode.end === null ? "updated" : "closed"].push(write.id);
      continue;
    }
    const inserted = await client.query<{ id: string }>(INSERT, [
      key.service,
      key.series,
      key.scope,
      key.environment,
      ...common,
      ...measured,
      window.stepMs,
    ]);
    if (inserted.rows[0]) out.inserted.push(inserted.rows[0].id);
  }
  return out;
}
