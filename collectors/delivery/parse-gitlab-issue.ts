import { z } from "zod";
import type { Incident } from "@/lib/delivery/schemas";
import { type Ignored, LIMITS, limitedArray, name, type Parsed, parseWith, positiveId, webUrl } from "./fields";
import { type GitLabConfig, gitlabTime, project, serviceOf } from "./gitlab-config";

// Issue Hook: an issue of GitLab's Incident type, or one carrying the incident label, is an
// incident in whatever state the issue is now (opened → TODO, closed → DONE at closed_at), so
// open, update, close and reopen all update the same record, keyed by GitLab's reference group/project#iid.
// Other work items under the same header (tasks, epics, which have no project) are ignored.

const workItemType = name(100);

const body = z.object({
  object_attributes: z.object({
    iid: positiveId(),
    title: name(LIMITS.title),
    url: webUrl(),
    state: z.enum(["opened", "closed"], { error: "must be one of opened, closed" }),
    action: name(100).nullish(),
    created_at: gitlabTime(),
    closed_at: gitlabTime().nullish(),
    type: workItemType.nullish(),
    issue_type: name(100).nullish(),
    severity: name(100).nullish(),
  }),
  labels: limitedArray(z.object({ title: name(LIMITS.name) }), 100).default([]),
  project,
});

const SEVERITY = /^sev(?:erity)?[\s:_-]*(.+)$/i;

type Body = z.output<typeof body>;

function isIncident({ object_attributes: issue, labels }: Body, config: GitLabConfig): boolean {
  const wanted = config.incidentLabel.toLowerCase();
  return (
    issue.type?.toLowerCase() === "incident" ||
    issue.issue_type?.toLowerCase() === "incident" ||
    labels.some((label) => label.title.toLowerCase() === wanted)
  );
}

/** GitLab's own severity field, unless it says "unknown"; else a severity::x or sev-x label. */
function severityOf({ object_attributes: issue, labels }: Body): string | null {
  if (issue.severity && issue.severity.toLowerCase() !== "unknown") return issue.severity;
  return labels.map((label) => SEVERITY.exec(label.title)?.[1]).find((value) => value !== undefined) ?? null;
}

function closedAtError(issue: Body["object_attributes"]) {
  if (issue.state !== "closed") return null;
  if (!issue.closed_at) return "is required when state is closed";
  if (issue.closed_at < issue.created_at) return "must not be before object_attributes.created_at";
  return null;
}

/** The type of a work item that is neither an issue nor an incident (a task, an epic without a project...). */
function otherWorkItemType(input: unknown): string | null {
  const attributes = typeof input === "object" && input !== null ? Reflect.get(input, "object_attributes") : null;
  const type: unknown = typeof attributes === "object" && attributes !== null ? Reflect.get(attributes, "type") : null;
  const valid = workItemType.safeParse(type);
  return valid.success && !["issue", "incident"].includes(valid.data.toLowerCase()) ? valid.data : null;
}

export function parseGitLabIssue(input: unknown, config: GitLabConfig): Parsed<Incident | Ignored> {
  const other = otherWorkItemType(input);
  if (other !== null) return { ok: true, value: { ignored: `work items of type ${other} are not read` } };
  const parsed = parseWith(body, input);
  if (!parsed.ok) return parsed;
  const { object_attributes: issue, project: where } = parsed.value;
  if (!isIncident(parsed.value, config)) {
    const why = `no "${config.incidentLabel}" label and type ${issue.type ?? issue.issue_type ?? "Issue"}`;
    return { ok: true, value: { ignored: `issue ${issue.action ?? "event"} is not an incident: ${why}` } };
  }
  const closedError = closedAtError(issue);
  if (closedError) return { ok: false, errors: [{ field: "object_attributes.closed_at", reason: closedError }] };
  const closed = issue.state === "closed";
  return {
    ok: true,
    value: {
      externalKey: `${where.path_with_namespace}#${issue.iid}`,
      source: "gitlab",
      service: serviceOf(where, config),
      title: issue.title,
      status: closed ? "DONE" : "TODO",
      severity: severityOf(parsed.value),
      url: issue.url,
      createdAt: issue.created_at,
      resolvedAt: closed ? issue.closed_at! : null,
    },
  };
}
