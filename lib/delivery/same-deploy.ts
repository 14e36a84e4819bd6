// When a deploy detected from telemetry and one a sender reported are the same deploy: same service
// and environment, and the same version or the detected moment within 5 minutes before the reported
// start to 30 minutes after its finish (spans of a new version can lag the pipeline's "finished").
// One rule for both directions: a report replacing a detected deploy, and detection skipping a reported one.

/** SQL expressions (columns or parameters) of the two deploys compared. */
export interface SameDeployTerms {
  detected: { service: string; environment: string; version: string; at: string };
  reported: { service: string; environment: string; version: string; startedAt: string; finishedAt: string };
}

export function sameDeploySql({ detected: d, reported: r }: SameDeployTerms): string {
  return `${d.service} = ${r.service} AND ${d.environment} = ${r.environment}
    AND (${d.version} = ${r.version}
         OR ${d.at} BETWEEN ${r.startedAt} - interval '5 minutes' AND ${r.finishedAt} + interval '30 minutes')`;
}
