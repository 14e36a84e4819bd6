// Zero-configuration deploy detection: a new service.version (or deployment.id) on a service's
// spans in an environment is a deployment of that service at its first span, marked as detected
// from telemetry. A service's first version is where watching began, not a deployment; a version a
// webhook already reported (same service, environment, and version or time) is not recorded twice.
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { environmentNamed } from "@/lib/delivery/environment-names";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import type { Environment } from "@/lib/delivery/schemas";
import { plainText } from "@/lib/traces/attribute-values";
import { ENVIRONMENT_KEYS } from "@/lib/traces/span-record";
import { firstSpanStart } from "@/lib/traces/stored-spans";
import { sameDeploySql } from "@/lib/delivery/same-deploy";

const BATCH = 5_000;
/** Resources are re-read this far behind the watermark: a transaction may commit a row stamped earlier. */
const OVERLAP_MS = 5 * 60_000;
/** A deploy a sender reported that is this version's (same-deploy.ts). */
const REPORTED = sameDeploySql({
  detected: { service: "$1", environment: "$2", version: "$3", at: "$4::timestamptz" },
  reported: {
    service: "r.service",
    environment: "r.environment",
    version: "r.version",
    startedAt: "r.started_at",
    finishedAt: "r.finished_at",
  },
});

interface Version {
  service: string;
  environment: Environment;
  version: string;
  fingerprints: string[];
  firstSeenAt: Date;
}

function versionsOf(
  rows: { fingerprint: string; service: string; attributes: Record<string, unknown>; first_seen_at: Date }[],
) {
  const byKey = new Map<string, Version>();
  for (const row of rows) {
    const version = plainText(row.attributes["service.version"]) ?? plainText(row.attributes["deployment.id"]);
    const envName = ENVIRONMENT_KEYS.map((k) => plainText(row.attributes[k])).find((v) => v);
    const environment = envName ? environmentNamed(envName) : null;
    if (!version || !environment) continue;
    const key = JSON.stringify([row.service, environment, version]);
    const seen = byKey.get(key);
    if (seen) seen.fingerprints.push(row.fingerprint);
    else
      byKey.set(key, {
        service: row.service,
        environment,
        version,
        fingerprints: [row.fingerprint],
        firstSeenAt: row.first_seen_at,
      });
  }
  return [...byKey.values()];
}

/** The first span carrying the version near when Vigil first saw it; that moment when none is found. */
async function firstSpanAt(v: Version): Promise<Date> {
  const at = await firstSpanStart(
    v.fingerprints,
    new Date(v.firstSeenAt.getTime() - 15 * 60_000),
    new Date(v.firstSeenAt.getTime() + 60_000),
  );
  return at ?? v.firstSeenAt;
}

async function shouldRecord(v: Version, at: Date): Promise<boolean> {
  const { rows } = await pool().query<{ first: boolean; reported: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM delivery_seen_version WHERE service = $1 AND environment = $2) AS first,
            EXISTS (SELECT 1 FROM delivery_deployment r WHERE r.source <> 'telemetry' AND ${REPORTED}) AS reported`,
    [v.service, v.environment, v.version, at],
  );
  return !rows[0].first && !rows[0].reported;
}

async function detectOne(ctx: Ctx, v: Version): Promise<boolean> {
  const known = await pool().query(
    "SELECT 1 FROM delivery_seen_version WHERE service = $1 AND environment = $2 AND version = $3",
    [v.service, v.environment, v.version],
  );
  if (known.rowCount) return false;
  const at = await firstSpanAt(v);
  let deploymentId: string | null = null;
  if (await shouldRecord(v, at)) {
    const recorded = await recordDeployment(ctx, {
      externalId: `${v.service}@${v.environment.toLowerCase()}@${v.version}`,
      source: "telemetry",
      service: v.service,
      team: null,
      environment: v.environment,
      result: "SUCCESS",
      startedAt: at,
      finishedAt: at,
      version: v.version,
      author: null,
      hotfix: false,
      commits: [],
    });
    deploymentId = recorded.id;
  }
  await pool().query(
    `INSERT INTO delivery_seen_version (service, environment, version, first_span_at, deployment_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [v.service, v.environment, v.version, at, deploymentId],
  );
  return deploymentId !== null;
}

export async function detectDeploys(ctx: Ctx): Promise<{ versions: number; deployments: number }> {
  authorize(ctx, "ingest:delivery");
  const state = await pool().query<{ seen_until: Date }>(
    "SELECT seen_until FROM delivery_telemetry_state WHERE id = 1",
  );
  const watermark = state.rows[0]?.seen_until ?? new Date(0);
  // The overlap is read whole (its versions are mostly known already); what is new, a batch at a time.
  const { rows } = await pool().query(
    `(SELECT fingerprint::text, service, attributes, first_seen_at FROM span_resource
       WHERE first_seen_at > $1 AND first_seen_at <= $2)
     UNION ALL
     (SELECT fingerprint::text, service, attributes, first_seen_at FROM span_resource
       WHERE first_seen_at > $2 ORDER BY first_seen_at LIMIT ${BATCH})
     ORDER BY first_seen_at`,
    [new Date(watermark.getTime() - OVERLAP_MS), watermark],
  );
  const versions = versionsOf(rows).sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime());
  let deployments = 0;
  for (const v of versions) if (await detectOne(ctx, v)) deployments += 1;
  const last = rows.at(-1);
  if (last) {
    await pool().query(
      `INSERT INTO delivery_telemetry_state (id, seen_until) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET seen_until = GREATEST(delivery_telemetry_state.seen_until, excluded.seen_until)`,
      [last.first_seen_at],
    );
  }
  return { versions: versions.length, deployments };
}
