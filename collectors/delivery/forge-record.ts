import type { Ctx } from "@/lib/context";
import { recordCommits } from "@/lib/delivery/record-commits";
import { recordIncident } from "@/lib/delivery/record-incident";
import { recordPullRequest } from "@/lib/delivery/record-pull-request";
import type { Deployment, Incident, PullRequest } from "@/lib/delivery/schemas";
import type { Ignored, Parsed } from "./fields";
import type { PushedCommits } from "./parse-github-push";
import { recordDeploymentWithPolicy } from "./record-with-policy";
import { answer, ignoredAnswer } from "./webhook-io";

// What a code forge's delivery (GitHub, GitLab) carries once parsed, and how each is recorded.

export type ForgeRecord =
  | { kind: "deployment"; deployment: Deployment }
  | { kind: "pull-request"; pullRequest: PullRequest }
  | { kind: "commits"; push: PushedCommits }
  | { kind: "incident"; incident: Incident }
  | { kind: "ignored"; reason: string };

/** A parser's result as the record it makes, an ignored event as one, a refusal as it is. */
export function tagged<T extends object>(
  result: Parsed<T | Ignored>,
  make: (value: T) => ForgeRecord,
): Parsed<ForgeRecord> {
  if (!result.ok) return result;
  const value = result.value;
  if ("ignored" in value) return { ok: true, value: { kind: "ignored", reason: value.ignored } };
  return { ok: true, value: make(value) };
}

export async function recordForgeEvent(ctx: Ctx, value: ForgeRecord): Promise<Response> {
  switch (value.kind) {
    case "deployment":
      return answer(await recordDeploymentWithPolicy(ctx, value.deployment));
    case "pull-request":
      return answer(await recordPullRequest(ctx, value.pullRequest));
    case "incident":
      return answer(await recordIncident(ctx, value.incident));
    case "commits":
      return Response.json(await recordCommits(ctx, value.push.commits), { status: 200 });
    case "ignored":
      return ignoredAnswer(value.reason);
  }
}
