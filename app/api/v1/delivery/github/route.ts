import { GITHUB_ROUTE, ingestGitHub } from "@/collectors/delivery/ingest-github";
import { githubWebhookSettings } from "@/collectors/delivery/webhook-settings";
import { signedRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** GitHub webhooks, proven by X-Hub-Signature-256 (VIGIL_GITHUB_WEBHOOK_SECRET). */
export const POST = signedRoute(GITHUB_ROUTE, (info, request) => ingestGitHub(info, request, githubWebhookSettings()));
