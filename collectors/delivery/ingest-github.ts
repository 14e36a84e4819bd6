import { signedWebhookCtx } from "@/lib/context";
import { recordForgeEvent } from "./forge-record";
import { countSignatureFailure } from "@/lib/delivery/rejected-events";
import { VigilError } from "@/lib/errors";
import { readBody } from "@/lib/http/read-body";
import type { GitHubConfig } from "./github-config";
import { parseGitHubEvent } from "./parse-github-event";
import { verifyGitHubSignature } from "./verify-github-signature";
import { decodeJson, reject } from "./webhook-io";

// GitHub webhooks: public (GitHub can not send our API key), each delivery proven by
// X-Hub-Signature-256 under the configured secret before its body is parsed.

export const GITHUB_ROUTE = "POST /api/v1/delivery/github";

/**
 * GitHub's own cap on a delivery (docs: "Webhook payloads are capped at 25 MB"), so nothing GitHub
 * sends is refused for size; the whole body must be read anyway to check its signature.
 */
export const MAX_GITHUB_BYTES = 25 * 1000 * 1000;

export interface GitHubWebhookSettings {
  /** VIGIL_GITHUB_WEBHOOK_SECRET; unset: the route answers 503 saying so. */
  secret: string | undefined;
  config: GitHubConfig;
}

export async function ingestGitHub(
  info: { requestId: string; sourceIp: string | null },
  request: Request,
  settings: GitHubWebhookSettings,
): Promise<Response> {
  if (!settings.secret) {
    throw new VigilError(
      "unavailable",
      "GitHub webhooks are not set up: set VIGIL_GITHUB_WEBHOOK_SECRET to the webhook's secret and restart Vigil",
    );
  }
  const body = await readBody(request, MAX_GITHUB_BYTES);
  const check = verifyGitHubSignature(body, request.headers.get("x-hub-signature-256"), settings.secret);
  if (!check.ok) {
    await countSignatureFailure(GITHUB_ROUTE, check.reason);
    throw new VigilError("unauthenticated", check.reason);
  }
  const ctx = signedWebhookCtx("github signature", info);
  const event = request.headers.get("x-github-event") ?? "";
  const delivery = {
    route: GITHUB_ROUTE,
    source: "github",
    event,
    deliveryId: request.headers.get("x-github-delivery"),
  };
  const json = decodeJson(body);
  if (!json.ok) return reject(ctx, delivery, json.errors, body);
  const parsed = parseGitHubEvent(event, json.value, settings.config);
  if (!parsed.ok) return reject(ctx, delivery, parsed.errors, body);
  return recordForgeEvent(ctx, parsed.value);
}
