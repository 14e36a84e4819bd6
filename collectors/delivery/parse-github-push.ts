import { z } from "zod";
import type { DeploymentCommit } from "@/lib/delivery/schemas";
import { text } from "@/lib/validation";
import { commitSha, LIMITS, limitedArray, name, type Parsed, parseWith, time } from "./fields";
import { type GitHubConfig, repository, serviceOf } from "./github-config";

// `push`: the commits pushed, with their times, so lead time can start at the commit when a
// deployment later names it. A push that deletes a branch carries none.

export interface PushedCommits {
  service: string;
  ref: string;
  commits: DeploymentCommit[];
}

const body = z.object({
  ref: name(LIMITS.name),
  commits: limitedArray(
    z.object({
      id: commitSha(),
      message: text(LIMITS.message),
      timestamp: time(),
    }),
    LIMITS.maxCommits,
  ),
  repository,
});

export function parseGitHubPush(input: unknown, config: GitHubConfig): Parsed<PushedCommits> {
  const parsed = parseWith(body, input);
  if (!parsed.ok) return parsed;
  const { ref, commits, repository: repo } = parsed.value;
  return {
    ok: true,
    value: {
      service: serviceOf(repo, config),
      ref,
      commits: commits.map((c) => ({
        repoUrl: repo.html_url,
        commitSha: c.id,
        commitMsg: c.message,
        authoredAt: c.timestamp,
      })),
    },
  };
}
