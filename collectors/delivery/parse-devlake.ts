import { z } from "zod";
import {
  DEPLOYMENT_RESULTS,
  ENVIRONMENTS,
  INCIDENT_STATUSES,
  type Deployment,
  type Incident,
} from "@/lib/delivery/schemas";
import { oneOf, text } from "@/lib/validation";
import { LIMITS, limitedArray, looseCommitSha, name, type Parsed, parseWith, time, webUrl } from "./fields";

// DevLake's webhook plugin bodies (apache/incubator-devlake backend/plugins/webhook/api
// deployments.go and issues.go, camelCase form), plus Vigil's `service` and optional `team`.
// As DevLake does, a missing result means SUCCESS and a missing environment PRODUCTION. A commit's
// own finishedDate (DevLake keeps one per commit row) is kept; refName and startedDate are checked only.
// One bad commit refuses the whole deployment: a deployment without it would understate lead
// time silently, and the refusal is kept in the rejected-events list for the sender to fix.

const commit = z.object({
  repoUrl: name(LIMITS.url),
  refName: text(LIMITS.name).nullish(),
  startedDate: time().nullish(),
  finishedDate: time().nullish(),
  commitSha: looseCommitSha(),
  commitMsg: text(LIMITS.message).nullish(),
  commitAuthoredDate: time().nullish(),
});

const deployment = z
  .object({
    id: name(LIMITS.id),
    service: name(),
    team: name().nullish(),
    result: oneOf(DEPLOYMENT_RESULTS).default("SUCCESS"),
    environment: oneOf(ENVIRONMENTS).default("PRODUCTION"),
    startedDate: time(),
    finishedDate: time(),
    displayTitle: text(LIMITS.title).nullish(),
    hotfix: z.boolean({ error: "must be true or false" }).default(false),
    deploymentCommits: limitedArray(commit, LIMITS.maxCommits, 1),
  })
  .refine((body) => body.finishedDate >= body.startedDate, {
    path: ["finishedDate"],
    message: "must not be before startedDate",
  });

/** A DevLake deployment body as a Deployment, or why not. */
export function parseDevLakeDeployment(body: unknown): Parsed<Deployment> {
  const parsed = parseWith(deployment, body);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  return {
    ok: true,
    value: {
      externalId: value.id,
      source: "devlake",
      service: value.service,
      team: value.team ?? null,
      environment: value.environment,
      result: value.result,
      startedAt: value.startedDate,
      finishedAt: value.finishedDate,
      version: value.displayTitle ?? null,
      author: null,
      hotfix: value.hotfix,
      commits: value.deploymentCommits.map((c) => ({
        repoUrl: c.repoUrl,
        commitSha: c.commitSha,
        commitMsg: c.commitMsg ?? null,
        authoredAt: c.commitAuthoredDate ?? null,
        finishedAt: c.finishedDate ?? null,
      })),
    },
  };
}

const incident = z
  .object({
    issueKey: name(LIMITS.id),
    title: name(LIMITS.title),
    status: oneOf(INCIDENT_STATUSES),
    createdDate: time(),
    resolutionDate: time().nullish(),
    service: name(),
    severity: name(100).nullish(),
    url: webUrl().nullish(),
  })
  .superRefine((body, ctx) => {
    if (body.status === "DONE" && !body.resolutionDate) {
      ctx.addIssue({ code: "custom", path: ["resolutionDate"], message: "is required when status is DONE" });
    }
    if (body.resolutionDate && body.resolutionDate < body.createdDate) {
      ctx.addIssue({ code: "custom", path: ["resolutionDate"], message: "must not be before createdDate" });
    }
  });

/**
 * A DevLake incident (issue) body as an Incident, or why not. A resolutionDate sent with a status
 * other than DONE is not a resolution (the incident was reopened): resolvedAt stays null.
 */
export function parseDevLakeIncident(body: unknown): Parsed<Incident> {
  const parsed = parseWith(incident, body);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  return {
    ok: true,
    value: {
      externalKey: value.issueKey,
      source: "devlake",
      service: value.service,
      title: value.title,
      status: value.status,
      severity: value.severity ?? null,
      url: value.url ?? null,
      createdAt: value.createdDate,
      resolvedAt: value.status === "DONE" ? (value.resolutionDate ?? null) : null,
    },
  };
}
