import type { Parsed } from "./fields";
import { type ForgeRecord, tagged } from "./forge-record";
import type { GitHubConfig } from "./github-config";
import { parseGitHubDeploymentStatus } from "./parse-github-deployment-status";
import { parseGitHubIssue } from "./parse-github-issue";
import { parseGitHubPullRequest } from "./parse-github-pull-request";
import { parseGitHubPush } from "./parse-github-push";

// One GitHub delivery (the `X-GitHub-Event` header and the JSON body, its signature already
// checked) as the record it carries. Events Vigil does not read (ping, star, ...) are ignored.

export function parseGitHubEvent(event: string, body: unknown, config: GitHubConfig): Parsed<ForgeRecord> {
  switch (event) {
    case "deployment_status":
      return tagged(parseGitHubDeploymentStatus(body, config), (deployment) => ({ kind: "deployment", deployment }));
    case "pull_request":
      return tagged(parseGitHubPullRequest(body, config), (pullRequest) => ({ kind: "pull-request", pullRequest }));
    case "push":
      return tagged(parseGitHubPush(body, config), (push) => ({ kind: "commits", push }));
    case "issues":
      return tagged(parseGitHubIssue(body, config), (incident) => ({ kind: "incident", incident }));
    default:
      if (!/^[a-z_]{1,50}$/.test(event)) {
        return { ok: false, errors: [{ field: "X-GitHub-Event", reason: "must be a GitHub event name such as push" }] };
      }
      return { ok: true, value: { kind: "ignored", reason: `GitHub event "${event}" is not read` } };
  }
}
