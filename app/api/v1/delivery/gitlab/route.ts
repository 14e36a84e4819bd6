import { GITLAB_ROUTE, ingestGitLab } from "@/collectors/delivery/ingest-gitlab";
import { gitlabWebhookSettings } from "@/collectors/delivery/webhook-settings";
import { signedRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** GitLab webhooks, proven by X-Gitlab-Token (VIGIL_GITLAB_WEBHOOK_TOKEN). */
export const POST = signedRoute(GITLAB_ROUTE, (info, request) => ingestGitLab(info, request, gitlabWebhookSettings()));
