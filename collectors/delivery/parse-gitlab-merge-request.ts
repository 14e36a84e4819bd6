import { z } from "zod";
import type { PullRequest } from "@/lib/delivery/schemas";
import { commitSha, type Ignored, LIMITS, name, type Parsed, parseWith, positiveId } from "./fields";
import { type GitLabConfig, gitlabTime, project, serviceOf } from "./gitlab-config";

// Merge Request Hook: only the merge itself (action merge, state merged) becomes a PullRequest;
// later updates of a merged request are ignored, or they would move its merge time. GitLab's body
// has no merged_at: the merge sets updated_at, so that is the merge time. A fast-forward merge
// has no merge commit: the last commit is then what landed on the target branch.

const body = z.object({
  object_attributes: z.object({
    iid: positiveId(),
    title: name(LIMITS.title),
    state: name(50),
    action: name(100).nullish(),
    created_at: gitlabTime(),
    updated_at: gitlabTime(),
    merge_commit_sha: commitSha().nullish(),
    last_commit: z.object({ id: commitSha() }).nullish(),
  }),
  project,
});

export function parseGitLabMergeRequest(input: unknown, config: GitLabConfig): Parsed<PullRequest | Ignored> {
  const parsed = parseWith(body, input);
  if (!parsed.ok) return parsed;
  const { object_attributes: mr, project: where } = parsed.value;
  if (mr.action !== "merge" || mr.state !== "merged") {
    return { ok: true, value: { ignored: `merge request ${mr.action ?? "event"} (${mr.state}) is not its merge` } };
  }
  const mergeCommit = mr.merge_commit_sha ?? mr.last_commit?.id;
  if (!mergeCommit) {
    const reason = "is required when the merge request is merged (or last_commit.id)";
    return { ok: false, errors: [{ field: "object_attributes.merge_commit_sha", reason }] };
  }
  if (mr.updated_at < mr.created_at) {
    const reason = "must not be before object_attributes.created_at (it is the merge time)";
    return { ok: false, errors: [{ field: "object_attributes.updated_at", reason }] };
  }
  return {
    ok: true,
    value: {
      externalId: `gitlab:${where.path_with_namespace}!${mr.iid}`,
      repoUrl: where.web_url,
      service: serviceOf(where, config),
      title: mr.title,
      firstCommitAt: null,
      openedAt: mr.created_at,
      mergedAt: mr.updated_at,
      mergeCommitSha: mergeCommit,
      commitShas: [...new Set([mr.last_commit?.id, mergeCommit].filter((sha) => sha !== undefined))],
    },
  };
}
