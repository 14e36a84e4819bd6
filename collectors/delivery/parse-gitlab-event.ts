import type { Parsed } from "./fields";
import { lookup } from "./fields";
import type { GitLabConfig } from "./gitlab-config";
import { type ForgeRecord, tagged } from "./forge-record";
import { parseGitLabDeployment } from "./parse-gitlab-deployment";
import { parseGitLabIssue } from "./parse-gitlab-issue";
import { parseGitLabMergeRequest } from "./parse-gitlab-merge-request";
import { parseGitLabPush } from "./parse-gitlab-push";

// One GitLab delivery (the X-Gitlab-Event header and the JSON body, its token already checked)
// as the record it carries. The body's object_kind must agree with the header; events Vigil does
// not read (Pipeline Hook, Note Hook, System Hook, ...) are ignored.

type Reader = (body: unknown, config: GitLabConfig) => Parsed<ForgeRecord>;

const issue: Reader = (body, config) =>
  tagged(parseGitLabIssue(body, config), (incident) => ({ kind: "incident", incident }));

/** Each header Vigil reads: the object_kind values its bodies carry and the reader. */
const EVENTS: Record<string, { kinds: string[]; read: Reader }> = {
  "Deployment Hook": {
    kinds: ["deployment"],
    read: (body, config) =>
      tagged(parseGitLabDeployment(body, config), (deployment) => ({ kind: "deployment", deployment })),
  },
  // Incidents and other work items may come as object_kind work_item under the same header.
  "Issue Hook": { kinds: ["issue", "work_item"], read: issue },
  "Confidential Issue Hook": { kinds: ["issue", "work_item"], read: issue },
  "Merge Request Hook": {
    kinds: ["merge_request"],
    read: (body, config) =>
      tagged(parseGitLabMergeRequest(body, config), (pullRequest) => ({ kind: "pull-request", pullRequest })),
  },
  "Push Hook": {
    kinds: ["push"],
    read: (body, config) => tagged(parseGitLabPush(body, config), (push) => ({ kind: "commits", push })),
  },
};

const refuse = (field: string, reason: string): Parsed<ForgeRecord> => ({ ok: false, errors: [{ field, reason }] });

export function parseGitLabEvent(event: string, body: unknown, config: GitLabConfig): Parsed<ForgeRecord> {
  if (!/^[A-Z][A-Za-z ]{0,40} Hook$/.test(event)) {
    return refuse("X-Gitlab-Event", "must be a GitLab event name such as Deployment Hook");
  }
  const reader = lookup(EVENTS, event);
  if (!reader) return { ok: true, value: { kind: "ignored", reason: `GitLab event "${event}" is not read` } };
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return refuse("(body)", "must be a JSON object");
  }
  const kind: unknown = (body as Record<string, unknown>).object_kind;
  if (typeof kind !== "string" || !reader.kinds.includes(kind)) {
    return refuse("object_kind", `must be ${reader.kinds.join(" or ")} for X-Gitlab-Event ${event}`);
  }
  return reader.read(body, config);
}
