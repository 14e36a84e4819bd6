import type pg from "pg";
import { environmentNamed } from "../delivery/environment-names";
import type { AnomalyChange } from "./schemas";

// Deployments of the service, or of a service it calls, that finished in the hours before the
// episode (or within its first slot: a slot's start precedes what happened in it). The closer,
// and the more directly the service's own, the likelier the cause.

export interface EpisodeContext {
  service: string;
  environment: string;
  start: Date;
  /** The scan's slot: an episode's start is the start of the slot it was seen in. */
  stepMs: number;
  /** Services the anomalous one called around the start (from the service map). */
  callees: string[];
}

const LOOK_BACK_MS = 6 * 3_600_000;

const DEPLOYMENTS = `SELECT id::text, service, environment, version, finished_at AS "finishedAt", commit_count AS commits
  FROM delivery_deployment
  WHERE service = ANY ($1::text[]) AND result = 'SUCCESS' AND finished_at > $2 AND finished_at < $3
    AND ($4::text IS NULL OR environment = $4)
  ORDER BY finished_at DESC LIMIT 20`;

/** "at 09:36 UTC, 20 min before the episode", or "…, in its first hour" for one inside the first slot. */
function whenText(finishedAt: Date, before: number, stepMs: number): string {
  const at = `at ${finishedAt.toISOString().slice(11, 16)} UTC`;
  if (before < 0) return `${at}, in the episode's first ${stepMs >= 3_600_000 ? "hour" : `${stepMs / 60_000} minutes`}`;
  const minutes = Math.round(before / 60_000);
  return `${at}, ${minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`} before the episode`;
}

export async function deploymentChanges(
  client: Pick<pg.ClientBase, "query">,
  episode: EpisodeContext,
): Promise<AnomalyChange[]> {
  const services = [episode.service, ...episode.callees];
  const { rows } = await client.query<{
    id: string;
    service: string;
    environment: string;
    version: string | null;
    finishedAt: Date;
    commits: number;
  }>(DEPLOYMENTS, [
    services,
    new Date(episode.start.getTime() - LOOK_BACK_MS),
    new Date(episode.start.getTime() + episode.stepMs),
    environmentNamed(episode.environment),
  ]);
  return rows.map((row) => {
    const before = episode.start.getTime() - row.finishedAt.getTime();
    const own = row.service === episode.service;
    // An hour before counts two thirds as much as just before; the service's own deploy beats a callee's.
    const closeness = Math.exp(-Math.max(0, before) / (2.5 * 3_600_000));
    return {
      kind: "deployment",
      rank: 0,
      summary: `${row.service} ${row.version ?? "(no version)"} deployed ${whenText(row.finishedAt, before, episode.stepMs)}${own ? "" : ` (called by ${episode.service})`}`,
      score: Math.round((own ? 1 : 0.75) * closeness * 1000) / 1000,
      href: `/services/${encodeURIComponent(row.service)}`,
      deploymentId: row.id,
      service: row.service,
      version: row.version,
      finishedAt: row.finishedAt.toISOString(),
      commits: row.commits,
    };
  });
}
