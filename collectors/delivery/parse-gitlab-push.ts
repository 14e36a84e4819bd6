import { z } from "zod";
import { text } from "@/lib/validation";
import { commitSha, LIMITS, limitedArray, name, type Parsed, parseWith } from "./fields";
import { type GitLabConfig, gitlabTime, project, serviceOf } from "./gitlab-config";
import type { PushedCommits } from "./parse-github-push";

// Push Hook: the commits pushed, with their times, so lead time can start at the commit when a
// deployment later names it. GitLab sends at most the newest 20 (total_commits_count says how many).

const body = z.object({
  ref: name(LIMITS.name),
  commits: limitedArray(
    z.object({
      id: commitSha(),
      message: text(LIMITS.message),
      timestamp: gitlabTime(),
    }),
    LIMITS.maxCommits,
  ),
  project,
});

export function parseGitLabPush(input: unknown, config: GitLabConfig): Parsed<PushedCommits> {
  const parsed = parseWith(body, input);
  if (!parsed.ok) return parsed;
  const { ref, commits, project: where } = parsed.value;
  return {
    ok: true,
    value: {
      service: serviceOf(where, config),
      ref,
      commits: commits.map((c) => ({
        repoUrl: where.web_url,
        commitSha: c.id,
        commitMsg: c.message,
        authoredAt: c.timestamp,
      })),
    },
  };
}
