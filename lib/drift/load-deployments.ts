import type pg from "pg";
import type { DeploymentEvidence } from "./drift-cause";

// Deployments of the workspace's service that finished in the window: a change shipped then may
// explain drift; none means nobody shipped code that could have.

const DEPLOYMENTS = `SELECT d.id::text AS id, d.service, d.environment, d.version, d.finished_at AS "finishedAt",
    d.commit_count AS commits
  FROM delivery_deployment d
  WHERE d.service = $1 AND d.result = 'SUCCESS' AND d.finished_at > $2 AND d.finished_at <= $3
  ORDER BY d.finished_at DESC LIMIT 10`;

export async function loadDeployments(
  client: pg.ClientBase,
  workspace: string,
  window: { from: Date; to: Date },
): Promise<DeploymentEvidence[]> {
  const { rows } = await client.query<Omit<DeploymentEvidence, "finishedAt"> & { finishedAt: Date }>(DEPLOYMENTS, [
    workspace,
    window.from,
    window.to,
  ]);
  return rows.map((row) => ({ ...row, finishedAt: row.finishedAt.toISOString() }));
}
