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
  finished_ms: number;
  hotfix: boolean;
  /** Read because a person linked an incident of the window to it. */
  manual: boolean;
}

// The finish as epoch milliseconds (exact at TIMESTAMPTZ(3)): a number parses far faster than a
// timestamp string, and the platform reads tens of thousands of rows.
const DEPLOYMENT_COLUMNS = `d.source, d.external_id, d.service, d.team, d.environment, d.result,
  round(date_part('epoch', d.finished_at) * 1000) AS finished_ms, d.hotfix`;

function deploymentOf(row: DeploymentRow): Deployment {
  const finishedAt = new Date(row.finished_ms);
  return {
    externalId: row.external_id,
    source: row.source,
    service: row.service,
    team: row.team,
    environment: row.environment,
    result: row.result,
    startedAt: finishedAt,
    finishedAt,
    version: null,
    author: null,
    hotfix: row.hotfix,
    commits: [],
  };
}

/** The slice's service and team, parameters $n and $n+1. */
const sliceFilter = (alias: string, n: number) =>
  `($${n}::text IS NULL OR ${alias}.service = $${n}) AND ($${n + 1}::text IS NULL OR ${alias}.team = $${n + 1})`;

/**
 * Successful production deployments of the slice finished in the window, and those a person linked
 * an incident of the window to (marked manual; such a deployment may be read twice, and the cores
 * count one per key).
 */
async function readDeployments(s: DoraSlice): Promise<DeploymentRow[]> {
  const { rows } = await pool().query<DeploymentRow>(
    `SELECT ${DEPLOYMENT_COLUMNS}, false AS manual FROM delivery_deployment d
      WHERE d.environment = 'PRODUCTION' AND d.result = 'SUCCESS' AND d.finished_at >= $1 AND d.finished_at < $2
        AND ${sliceFilter("d", 3)}
     UNION ALL
     SELECT ${DEPLOYMENT_COLUMNS}, true AS manual FROM delivery_incident i JOIN delivery_deployment d ON d.id = i.manual_deployment_id
      WHERE i.created_at >= $1 AND i.created_at < $2 AND ${sliceFilter("i", 3)}`,
    [s.from, s.to, s.service ?? null, s.team ?? null],
  );
  return rows;
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
  // Each figure is computed as soon as its rows are here, while the database works on the rest.
  const leadTime = readLeadTime(slice);
  const incidentsRead = readIncidents(slice);
  for (const p of [leadTime, incidentsRead]) p.catch(() => {}); // awaited below, never unhandled meanwhile
  const deploymentRows = await readDeployments(slice);
  const deployments = deploymentRows.map(deploymentOf);
  const frequency = deploymentFrequency(slice, deployments);
  const incidentRows = await incidentsRead;
  const incidents = incidentRows.map(incidentOf);
  const links = incidentRows.map(linkOf);
  // Failed-deployment recovery looks deployments up only for links a person set.
  const linkedByPerson = deploymentRows.filter((r) => r.manual).map(deploymentOf);
  const figures = {
    deploymentFrequency: frequency,
    changeFailureRate: changeFailureRate(slice, deployments, links),
    timeToRestore: timeToRestore(slice, incidents),
    failedDeploymentRecoveryTime: failedDeploymentRecoveryTime(slice, incidents, links, linkedByPerson),
    reworkRate: reworkRate(slice, deployments, incidents),
  };
  return { ...figures, leadTimeForChanges: await leadTime };
}
