import { signedWebhookCtx } from "@/lib/context";
import { recordForgeEvent } from "./forge-record";
import { countSignatureFailure } from "@/lib/delivery/rejected-events";
import { VigilError } from "@/lib/errors";
import type { GitLabConfig } from "./gitlab-config";
import { parseGitLabEvent } from "./parse-gitlab-event";
import { verifyGitLabToken } from "./verify-gitlab-token";
import { decodeJson, readForSender, reject } from "./webhook-io";

// GitLab webhooks: public (GitLab can not send our API key), each delivery proven by its
// X-Gitlab-Token before the body is even read.

export const GITLAB_ROUTE = "POST /api/v1/delivery/gitlab";

/** GitLab.com's cap on a webhook body; a body over it is refused 413 and kept as a rejection. */
export const MAX_GITLAB_BYTES = 25 * 1000 * 1000;

export interface GitLabWebhookSettings {
  /** VIGIL_GITLAB_WEBHOOK_TOKEN; unset: the route answers 503 saying so. */
  token: string | undefined;
  config: GitLabConfig;
}

export async function ingestGitLab(
  info: { requestId: string; sourceIp: string | null },
  request: Request,
  settings: GitLabWebhookSettings,
): Promise<Response> {
  if (!settings.token) {
    throw new VigilError(
      "unavailable",
      "GitLab webhooks are not set up: set VIGIL_GITLAB_WEBHOOK_TOKEN to the webhook's secret token and restart Vigil",
    );
  }
  const check = verifyGitLabToken(request.headers.get("x-gitlab-token"), settings.token);
  if (!check.ok) {
    await countSignatureFailure(GITLAB_ROUTE, check.reason);
    throw new VigilError("unauthenticated", check.reason);
  }
  const ctx = signedWebhookCtx("gitlab token", info);
  const event = request.headers.get("x-gitlab-event") ?? "";
  const delivery = {
    route: GITLAB_ROUTE,
    source: "gitlab",
    event,
    deliveryId: request.headers.get("x-gitlab-event-uuid"),
  };
  const body = await readForSender(ctx, request, delivery, MAX_GITLAB_BYTES);
  if (body instanceof Response) return body;
  const json = decodeJson(body);
  if (!json.ok) return reject(ctx, delivery, json.errors, body);
  const parsed = parseGitLabEvent(event, json.value, settings.config);
  if (!parsed.ok) return reject(ctx, delivery, parsed.errors, body);
  return recordForgeEvent(ctx, parsed.value);
}
