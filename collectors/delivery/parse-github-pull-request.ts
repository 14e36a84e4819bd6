import { z } from "zod";
import type { PullRequest } from "@/lib/delivery/schemas";
import { commitSha, type Ignored, LIMITS, name, type Parsed, parseWith, positiveId, time } from "./fields";
import { type GitHubConfig, repository, serviceOf } from "./github-config";

// `pull_request`: only a merged one (action closed, merged true) becomes a PullRequest. The
// webhook body carries no commit list, so firstCommitAt stays null until commits are joined in.

const body = z.object({
  action: name(100),
  pull_request: z.object({
    number: positiveId(),
    title: name(LIMITS.title),
    created_at: time(),
    merged: z.boolean({ error: "must be true or false" }).nullish(),
    merged_at: time().nullish(),
    merge_commit_sha: commitSha().nullish(),
    head: z.object({ sha: commitSha() }),
  }),
  repository,
});

export function parseGitHubPullRequest(input: unknown, config: GitHubConfig): Parsed<PullRequest | Ignored> {
  const parsed = parseWith(body, input);
  if (!parsed.ok) return parsed;
  const { action, pull_request: pr, repository: repo } = parsed.value;
  if (action !== "closed" || pr.merged !== true) {
    return { ok: true, value: { ignored: `pull request ${action}${pr.merged ? "" : " (not merged)"}` } };
  }
  const errors = [];
  if (!pr.merged_at) errors.push({ field: "pull_request.merged_at", reason: "is required when merged is true" });
  if (!pr.merge_commit_sha)
    errors.push({ field: "pull_request.merge_commit_sha", reason: "is required when merged is true" });
  if (pr.merged_at && pr.merged_at < pr.created_at) {
    errors.push({ field: "pull_request.merged_at", reason: "must not be before pull_request.created_at" });
  }
  if (errors.length > 0 || !pr.merged_at || !pr.merge_commit_sha) return { ok: false, errors };
  return {
    ok: true,
    value: {
      externalId: `github:${repo.full_name}#${pr.number}`,
      repoUrl: repo.html_url,
      service: serviceOf(repo, config),
      title: pr.title,
      firstCommitAt: null,
      openedAt: pr.created_at,
      mergedAt: pr.merged_at,
      mergeCommitSha: pr.merge_commit_sha,
      commitShas: [...new Set([pr.head.sha, pr.merge_commit_sha])],
    },
  };
}
