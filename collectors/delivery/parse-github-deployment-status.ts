import { z } from "zod";
import type { Deployment } from "@/lib/delivery/schemas";
import { oneOf } from "@/lib/validation";
import { commitSha, type Ignored, LIMITS, name, type Parsed, parseWith, positiveId, time } from "./fields";
import { environmentOf, type GitHubConfig, repository, serviceOf } from "./github-config";

// `deployment_status`: success and failure (error counts as failure) are finished deployments of
// the deployment's sha; pending, queued, in-progress, waiting and inactive statuses record nothing.

const STATES = ["success", "failure", "error", "pending", "queued", "in_progress", "waiting", "inactive"] as const;

const body = z
  .object({
    deployment_status: z.object({
      state: oneOf(STATES),
      environment: name().nullish(),
      created_at: time(),
    }),
    deployment: z.object({
      id: positiveId(),
      sha: commitSha(),
      ref: name(LIMITS.name).nullish(),
      environment: name(),
      created_at: time(),
      creator: z.object({ login: name() }).nullish(),
    }),
    repository,
  })
  .refine((value) => value.deployment_status.created_at >= value.deployment.created_at, {
    path: ["deployment_status", "created_at"],
    message: "must not be before deployment.created_at",
  });

export function parseGitHubDeploymentStatus(input: unknown, config: GitHubConfig): Parsed<Deployment | Ignored> {
  const parsed = parseWith(body, input);
  if (!parsed.ok) return parsed;
  const { deployment_status: status, deployment, repository: repo } = parsed.value;
  if (status.state !== "success" && status.state !== "failure" && status.state !== "error") {
    return { ok: true, value: { ignored: `deployment status ${status.state} is not a finished deployment` } };
  }
  const rawEnvironment = status.environment ?? deployment.environment;
  const environment = environmentOf(rawEnvironment, config);
  if (!environment) {
    return { ok: true, value: { ignored: `environment "${rawEnvironment}" is not mapped to a Vigil environment` } };
  }
  return {
    ok: true,
    value: {
      externalId: String(deployment.id),
      source: "github",
      service: serviceOf(repo, config),
      team: null,
      environment,
      result: status.state === "success" ? "SUCCESS" : "FAILURE",
      startedAt: deployment.created_at,
      finishedAt: status.created_at,
      version: null,
      author: deployment.creator?.login ?? null,
      hotfix: false,
      commits: [{ repoUrl: repo.html_url, commitSha: deployment.sha, commitMsg: null, authoredAt: null }],
    },
  };
}
