import { z } from "zod";
import type { Deployment } from "@/lib/delivery/schemas";
import { oneOf, text } from "@/lib/validation";
import { commitSha, type Ignored, LIMITS, name, type Parsed, parseWith, positiveId, webUrl } from "./fields";
import { environmentOf, type GitLabConfig, gitlabTime, project, serviceOf, TIERS } from "./gitlab-config";

// Deployment events: success and failed are finished deployments of the deployed commit; created,
// running, canceled, skipped and blocked record nothing. The body has one time, status_changed_at,
// which is both start and finish; and no full sha: commit_url ends with it, short_sha confirms it.

const STATUSES = ["created", "running", "success", "failed", "canceled", "skipped", "blocked"] as const;
const COMMIT_IN_URL = /\/commit\/([0-9a-fA-F]{7,64})$/;

const body = z
  .object({
    status: oneOf(STATUSES),
    status_changed_at: gitlabTime(),
    deployment_id: positiveId(),
    environment: name(),
    environment_tier: oneOf(TIERS).nullish(),
    short_sha: commitSha(),
    commit_url: webUrl(),
    commit_title: text(LIMITS.title).nullish(),
    user: z.object({ username: name() }).nullish(),
    project,
  })
  .transform((value, ctx) => {
    const sha = COMMIT_IN_URL.exec(value.commit_url)?.[1]?.toLowerCase();
    if (!sha || !sha.startsWith(value.short_sha)) {
      ctx.addIssue({
        code: "custom",
        path: ["commit_url"],
        message: `must end with /commit/ and the deployed commit's id, which starts with short_sha ${value.short_sha}`,
      });
      return z.NEVER;
    }
    return { ...value, sha };
  });

export function parseGitLabDeployment(input: unknown, config: GitLabConfig): Parsed<Deployment | Ignored> {
  const parsed = parseWith(body, input);
  if (!parsed.ok) return parsed;
  const event = parsed.value;
  if (event.status !== "success" && event.status !== "failed") {
    return { ok: true, value: { ignored: `deployment status ${event.status} is not a finished deployment` } };
  }
  const environment = environmentOf(event.environment, event.environment_tier, config);
  if (!environment) {
    const tier = event.environment_tier ? ` (tier ${event.environment_tier})` : "";
    return {
      ok: true,
      value: { ignored: `environment "${event.environment}"${tier} is not mapped to a Vigil environment` },
    };
  }
  return {
    ok: true,
    value: {
      externalId: String(event.deployment_id),
      source: "gitlab",
      service: serviceOf(event.project, config),
      team: null,
      environment,
      result: event.status === "success" ? "SUCCESS" : "FAILURE",
      startedAt: event.status_changed_at,
      finishedAt: event.status_changed_at,
      version: null,
      author: event.user?.username ?? null,
      hotfix: false,
      commits: [
        {
          repoUrl: event.project.web_url,
          commitSha: event.sha,
          commitMsg: event.commit_title || null,
          authoredAt: null,
        },
      ],
    },
  };
}
