// Deployments newest first with their first commits and how many incidents link to each, for the
// Delivery and service pages and GET /api/v1/delivery/deployments.
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { LINK_JOINS, LINKED_INCIDENT_COLUMNS, type LinkedIncidentRow } from "@/lib/delivery/incident-links";
import { encodeListCursor, ListDeploymentsInput } from "@/lib/delivery/list-schemas";
import type { Deployment, DeploymentCommit } from "@/lib/delivery/schemas";
import { parseInput } from "@/lib/validation";

const COMMITS_SHOWN = 10;

export interface DeploymentItem extends Omit<Deployment, "commits"> {
  id: string;
  commitCount: number;
  /** The first commits (by repository and sha), at most 10. */
  commits: DeploymentCommit[];
  /** Incidents linked to it (by the rule or a person). */
  linkedIncidents: number;
}

interface Row {
  id: string;
  source: Deployment["source"];
  external_id: string;
  service: string;
  team: string | null;
  environment: Deployment["environment"];
  result: Deployment["result"];
  started_at: Date;
  finished_at: Date;
  version: string | null;
  author: string | null;
  hotfix: boolean;
  commit_count: number;
  commits: { repoUrl: string; commitSha: string; commitMsg: string | null; authoredAt: string | null }[];
}

async function linkedCounts(rows: Row[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!rows.length) return counts;
  const since = new Date(Math.min(...rows.map((r) => r.finished_at.getTime())));
  const { rows: incidents } = await pool().query<LinkedIncidentRow>(
    `SELECT ${LINKED_INCIDENT_COLUMNS} FROM delivery_incident i ${LINK_JOINS}
      WHERE i.service = ANY ($1::text[]) AND i.created_at > $2`,
    [[...new Set(rows.map((r) => r.service))], since],
  );
  for (const i of incidents) {
    if (i.linked_deployment_id) counts.set(i.linked_deployment_id, (counts.get(i.linked_deployment_id) ?? 0) + 1);
  }
  return counts;
}

export async function listDeployments(ctx: Ctx, input: ListDeploymentsInput) {
  authorize(ctx, "read");
  const q = parseInput(ListDeploymentsInput, input);
  const { rows } = await pool().query<Row>(
    `SELECT d.id::text, d.source, d.external_id, d.service, d.team, d.environment, d.result, d.started_at,
            d.finished_at, d.version, d.author, d.hotfix, d.commit_count,
            COALESCE((SELECT json_agg(json_build_object('repoUrl', c.repo_url, 'commitSha', c.commit_sha,
                        'commitMsg', c.commit_msg, 'authoredAt', c.authored_at))
                        FROM (SELECT * FROM delivery_deployment_commit WHERE deployment_id = d.id
                               ORDER BY repo_url, commit_sha LIMIT ${COMMITS_SHOWN}) c), '[]') AS commits
       FROM delivery_deployment d
      WHERE ($1::text IS NULL OR d.service = $1) AND ($2::text IS NULL OR d.team = $2)
        AND ($3::timestamptz IS NULL OR d.finished_at >= $3) AND ($4::timestamptz IS NULL OR d.finished_at < $4)
        AND ($5::text IS NULL OR d.environment = $5) AND ($6::text IS NULL OR d.result = $6)
        AND ($7::timestamptz IS NULL OR (d.finished_at, d.id) < ($7, $8::bigint))
      ORDER BY d.finished_at DESC, d.id DESC LIMIT $9`,
    [
      q.service ?? null,
      q.team ?? null,
      q.from ?? null,
      q.to ?? null,
      q.environment ?? null,
      q.result ?? null,
      q.cursor?.at ?? null,
      q.cursor?.id ?? null,
      q.limit + 1,
    ],
  );
  const page = rows.slice(0, q.limit);
  const counts = await linkedCounts(page);
  const items: DeploymentItem[] = page.map((r) => ({
    id: r.id,
    externalId: r.external_id,
    source: r.source,
    service: r.service,
    team: r.team,
    environment: r.environment,
    result: r.result,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    version: r.version,
    author: r.author,
    hotfix: r.hotfix,
    commitCount: r.commit_count,
    commits: r.commits.map((c) => ({ ...c, authoredAt: c.authoredAt ? new Date(c.authoredAt) : null })),
    linkedIncidents: counts.get(r.id) ?? 0,
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeListCursor(last.finished_at, last.id) : null };
}
