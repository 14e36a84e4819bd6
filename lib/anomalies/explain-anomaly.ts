import type pg from "pg";
import { deploymentChanges } from "./deployment-changes";
import { costChanges, driftChanges } from "./drift-cost-changes";
import { originChanges, readCallees } from "./origin-changes";
import { attributeChanges } from "./attribute-changes";
import type { AnomalyChange, SeriesName } from "./schemas";

// "What changed" for one anomaly: every signal's findings, ranked best first by how strongly each
// ties to the episode, stored on the anomaly so the list and the notification carry them.

const MAX_CHANGES = 12;

interface AnomalyRow {
  id: string;
  service: string;
  series: SeriesName;
  environment: string;
  started_at: Date;
  ended_at: Date | null;
  expected: number;
}

/** Best first; equal scores keep the signals' order (deployment, origin, drift, cost, attribute). */
export function rankChanges(changes: readonly AnomalyChange[]): AnomalyChange[] {
  return changes
    .map((change, order) => ({ change, order }))
    .sort((a, b) => b.change.score - a.change.score || a.order - b.order)
    .slice(0, MAX_CHANGES)
    .map(({ change }, i) => ({ ...change, rank: i + 1 }));
}

export async function explainAnomaly(
  client: Pick<pg.ClientBase, "query">,
  id: string,
  stepMs: number,
): Promise<AnomalyChange[]> {
  const { rows } = await client.query<AnomalyRow>(
    "SELECT id, service, series, environment, started_at, ended_at, expected FROM anomaly WHERE id = $1",
    [id],
  );
  const row = rows[0];
  if (!row) return [];
  const edges = await readCallees(client, row.started_at);
  const episode = {
    id,
    service: row.service,
    environment: row.environment,
    start: row.started_at,
    stepMs,
    callees: [...(edges.get(row.service) ?? [])],
    edges,
  };
  const found = await Promise.all([
    deploymentChanges(client, episode),
    originChanges(client, episode),
    driftChanges(client, episode),
    costChanges(client, { ...episode, end: row.ended_at, daily: row.series === "cost" }),
    attributeChanges(client, {
      service: row.service,
      series: row.series,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      expected: row.expected,
      stepMs,
      environment: row.environment,
    }),
  ]);
  const ranked = rankChanges(found.flat());
  await client.query("UPDATE anomaly SET changes = $2::jsonb, changes_at = now() WHERE id = $1", [
    id,
    JSON.stringify(ranked),
  ]);
  return ranked;
}
