// GET /api/v1/dora's figures for a slice: the deployments and incidents are read with SQL narrowed
// to what the window needs and handed to the pure cores (one definition of each metric); lead time,
// which would need every commit, is computed in SQL over the first-deployment table.
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { changeFailureRate } from "@/lib/delivery/change-failure-rate";
import { deploymentFrequency } from "@/lib/delivery/deployment-frequency";
import type { DoraMetrics } from "@/lib/delivery/dora-metrics";
import {
  incidentOf,
  LINK_JOINS,
  LINKED_INCIDENT_COLUMNS,
  type LinkedIncidentRow,
  linkOf,
} from "@/lib/delivery/incident-links";
import { readLeadTime } from "@/lib/delivery/read-lead-time";
import { failedDeploymentRecoveryTime, timeToRestore } from "@/lib/delivery/restore-times";
import { reworkRate } from "@/lib/delivery/rework-rate";
import type { Deployment } from "@/lib/delivery/schemas";
import { DoraSliceInput, type DoraSlice } from "@/lib/delivery/slice";
import { parseInput } from "@/lib/validation";

interface DeploymentRow {
  source: Deployment["source"];
  external_id: string;
  service: string;
  team: string | null;
  environment: Deployment["environment"];
  result: Deployment["result"];
  finished_at: Date;
  hotfix: boolean;
}

const DEPLOYMENT_COLUMNS =
  "d.source, d.external_id, d.service, d.team, d.environment, d.result, d.finished_at, d.hotfix";

function deploymentOf(row: DeploymentRow): Deployment {
  return {
    externalId: row.external_id,
    source: row.source,
    service: row.service,
    team: row.team,
    environment: row.environment,
    result: row.result,
    startedAt: row.finished_at,
    finishedAt: row.finished_at,
    version: null,
    author: null,
    hotfix: row.hotfix,
    commits: [],
  };
}

/** The slice's service and team, parameters $n and $n+1. */
const sliceFilter = (alias: string, n: number) =>
  `($${n}::text IS NULL OR ${alias}.service = $${n}) AND ($${n + 1}::text IS NULL OR ${alias}.team = $${n + 1})`;

/** Successful production deployments of the slice finished in the window, and those a person linked an incident to. */
async function readDeployments(s: DoraSlice): Promise<Deployment[]> {
  const { rows } = await pool().query<DeploymentRow>(
    `SELECT ${DEPLOYMENT_COLUMNS} FROM delivery_deployment d
      WHERE d.environment = 'PRODUCTION' AND d.result = 'SUCCESS' AND d.finished_at >= $1 AND d.finished_at < $2
        AND ${sliceFilter("d", 3)}
     UNION
     SELECT ${DEPLOYMENT_COLUMNS} FROM delivery_incident i JOIN delivery_deployment d ON d.id = i.manual_deployment_id
      WHERE i.created_at >= $1 AND i.created_at < $2 AND ${sliceFilter("i", 3)}`,
    [s.from, s.to, s.service ?? null, s.team ?? null],
  );
  return rows.map(deploymentOf);
}

/**
 * Incidents of the slice the figures can read: created in the window or later (a later one can
 * link to a deployment in the window) and those open at some moment of it (rework).
 */
async function readIncidents(s: DoraSlice): Promise<LinkedIncidentRow[]> {
  const { rows } = await pool().query<LinkedIncidentRow>(
    `SELECT ${LINKED_INCIDENT_COLUMNS} FROM delivery_incident i ${LINK_JOINS}
      WHERE (i.created_at >= $1 OR i.resolved_at IS NULL OR i.resolved_at > $1) AND ${sliceFilter("i", 2)}`,
    [s.from, s.service ?? null, s.team ?? null],
  );
  return rows;
}

export async function getDora(ctx: Ctx, input: unknown): Promise<DoraMetrics> {
  authorize(ctx, "read");
  const slice = parseInput(DoraSliceInput, input);
  const [deployments, incidentRows, leadTimeForChanges] = await Promise.all([
    readDeployments(slice),
    readIncidents(slice),
    readLeadTime(slice),
  ]);
  const incidents = incidentRows.map(incidentOf);
  const links = incidentRows.map(linkOf);
  return {
    deploymentFrequency: deploymentFrequency(slice, deployments),
    leadTimeForChanges,
    changeFailureRate: changeFailureRate(slice, deployments, links),
    timeToRestore: timeToRestore(slice, incidents),
    failedDeploymentRecoveryTime: failedDeploymentRecoveryTime(slice, incidents, links, deployments),
    reworkRate: reworkRate(slice, deployments, incidents),
  };
}
