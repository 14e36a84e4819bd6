import { z } from "zod";
import type { Incident } from "@/lib/delivery/schemas";
import { type Ignored, LIMITS, limitedArray, name, type Parsed, parseWith, time, webUrl } from "./fields";
import { type GitHubConfig, repository, serviceOf } from "./github-config";

// `issues`: an issue carrying the incident label is an incident in whatever state the issue is
// now (open → TODO, closed → DONE at closed_at), so opened, labeled, closed and reopened all
// update the same record. A `severity:<x>` or `sev<x>` label gives its severity.

const body = z.object({
  action: name(100),
  issue: z.object({
    html_url: webUrl(),
    title: name(LIMITS.title),
    state: z.enum(["open", "closed"], { error: "must be one of open, closed" }),
    labels: limitedArray(z.object({ name: name(LIMITS.name) }), 100).default([]),
    created_at: time(),
    closed_at: time().nullish(),
  }),
  repository,
});

const SEVERITY = /^sev(?:erity)?[\s:_-]*(.+)$/i;

export function parseGitHubIssue(input: unknown, config: GitHubConfig): Parsed<Incident | Ignored> {
  const parsed = parseWith(body, input);
  if (!parsed.ok) return parsed;
  const { action, issue, repository: repo } = parsed.value;
  const labels = issue.labels.map((label) => label.name);
  const wanted = config.incidentLabel.toLowerCase();
  if (action === "deleted" || !labels.some((label) => label.toLowerCase() === wanted)) {
    return { ok: true, value: { ignored: `issue ${action} without the "${config.incidentLabel}" label` } };
  }
  const closed = issue.state === "closed";
  if (closed && !issue.closed_at) {
    return { ok: false, errors: [{ field: "issue.closed_at", reason: "is required when state is closed" }] };
  }
  if (closed && issue.closed_at! < issue.created_at) {
    return { ok: false, errors: [{ field: "issue.closed_at", reason: "must not be before issue.created_at" }] };
  }
  const severity = labels.map((label) => SEVERITY.exec(label)?.[1]).find((value) => value !== undefined);
  return {
    ok: true,
    value: {
      externalKey: issue.html_url,
      source: "github",
      service: serviceOf(repo, config),
      title: issue.title,
      status: closed ? "DONE" : "TODO",
      severity: severity ?? null,
      url: issue.html_url,
      createdAt: issue.created_at,
      resolvedAt: closed ? issue.closed_at! : null,
    },
  };
}
