import type pg from "pg";
import type { AnomalyChange } from "./schemas";

// Infrastructure that changed under the service: drift detected on the resources it runs on (its
// cost allocation names them, or a workspace named after it) in the day before the episode, with
// the policy rules the drift broke; and cost lines of its resources that are new or grew.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const DRIFTS = `SELECT d.id::text, d.address, d.workspace, d.kind, d.cause, d.first_seen_at AS "firstSeen",
    jsonb_array_length(COALESCE(d.policy_impact, '[]'::jsonb)) AS breaks
  FROM drift_record d
  WHERE d.first_seen_at > $2 AND d.first_seen_at < $3
    AND (d.workspace = $1 OR d.cloud_id IN (
      SELECT resource_id FROM cost_allocation WHERE app_service = $1 AND day >= ($2::timestamptz)::date AND day <= ($3::timestamptz)::date))
  ORDER BY d.first_seen_at DESC LIMIT 20`;

export async function driftChanges(
  client: Pick<pg.ClientBase, "query">,
  episode: { service: string; start: Date; stepMs: number },
): Promise<AnomalyChange[]> {
  const { rows } = await client.query<{
    id: string;
    address: string;
    workspace: string;
    kind: string;
    cause: string;
    firstSeen: Date;
    breaks: number;
  }>(DRIFTS, [
    episode.service,
    new Date(episode.start.getTime() - DAY_MS),
    new Date(episode.start.getTime() + episode.stepMs),
  ]);
  return rows.map((row) => {
    const hours = Math.max(0, Math.round((episode.start.getTime() - row.firstSeen.getTime()) / HOUR_MS));
    const policy = row.breaks ? `, breaking ${row.breaks} polic${row.breaks === 1 ? "y" : "ies"}` : "";
    return {
      kind: "drift",
      rank: 0,
      summary: `${row.address} drifted (${row.kind}, ${row.cause.replace("-", " ")}) ${hours} h before${policy}`,
      score: Math.round((0.5 + (row.breaks ? 0.1 : 0)) * Math.exp(-hours / 12) * 1000) / 1000,
      href: `/drift/${row.id}`,
      driftId: row.id,
      address: row.address,
      workspace: row.workspace,
      firstSeen: row.firstSeen.toISOString(),
      policyBreaks: row.breaks,
    };
  });
}

const COSTS = `SELECT resource_id AS "resourceId", service_name AS "cloudService",
    (sum(effective_cost) FILTER (WHERE day >= $2::date) / $3)::float8 AS recent,
    (sum(effective_cost) FILTER (WHERE day < $2::date) / 7)::float8 AS before,
    round(COALESCE(sum(effective_cost) FILTER (WHERE day >= $2::date), 0) / $3, 2)::text AS "recentText",
    round(COALESCE(sum(effective_cost) FILTER (WHERE day < $2::date), 0) / 7, 2)::text AS "beforeText"
  FROM cost_allocation
  WHERE app_service = $1 AND environment = $4 AND day >= ($2::date - 7) AND day < ($2::date + $3::int)
  GROUP BY 1, 2`;

/**
 * A resource's daily cost against the week before: for a traffic episode the three days from two
 * before it (bills are daily); for a cost episode its own days (at most a week).
 */
export async function costChanges(
  client: Pick<pg.ClientBase, "query">,
  episode: { service: string; environment: string; start: Date; end?: Date | null; daily?: boolean },
): Promise<AnomalyChange[]> {
  const start = episode.daily ? episode.start.getTime() : episode.start.getTime() - 2 * DAY_MS;
  const end = episode.daily ? (episode.end?.getTime() ?? start + DAY_MS) : start + 3 * DAY_MS;
  const days = Math.min(7, Math.max(1, Math.round((end - start) / DAY_MS)));
  const day = new Date(start).toISOString().slice(0, 10);
  const { rows } = await client.query<{
    resourceId: string;
    cloudService: string;
    recent: number | null;
    before: number | null;
    recentText: string;
    beforeText: string;
  }>(COSTS, [episode.service, day, days, episode.environment]);
  return rows
    .filter((row) => (row.recent ?? 0) > 0.01 && (row.recent ?? 0) >= 1.5 * (row.before ?? 0))
    .sort((a, b) => (b.recent ?? 0) - (b.before ?? 0) - ((a.recent ?? 0) - (a.before ?? 0)))
    .slice(0, 5)
    .map((row) => {
      const before = row.before ?? 0;
      // Exact decimals from the database; the floats only rank.
      const text =
        before > 0 ? `grew from ${row.beforeText} to ${row.recentText} a day` : `is new, ${row.recentText} a day`;
      return {
        kind: "cost",
        rank: 0,
        summary: `${row.cloudService} ${row.resourceId} ${text}`,
        score: before > 0 ? 0.3 : 0.4,
        resourceId: row.resourceId,
        before: row.beforeText,
        recent: row.recentText,
      };
    });
}
