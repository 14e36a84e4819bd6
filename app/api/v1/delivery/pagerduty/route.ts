import { ingestPagerDutyByKey, ingestSignedPagerDuty, PAGERDUTY_ROUTE } from "@/collectors/delivery/ingest-pagerduty";
import { pagerDutySettings } from "@/collectors/delivery/webhook-settings";
import { apiRoute, signedRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

const byKey = apiRoute(PAGERDUTY_ROUTE, (ctx, request) =>
  ingestPagerDutyByKey(ctx, request, pagerDutySettings().config),
);

const bySignature = signedRoute(PAGERDUTY_ROUTE, (info, request) => {
  const { secret, config } = pagerDutySettings();
  return ingestSignedPagerDuty(info, request, { secret: secret ?? "", config });
});

/**
 * PagerDuty v3 webhooks: proven by X-PagerDuty-Signature when VIGIL_PAGERDUTY_WEBHOOK_SECRET is
 * set and the header is sent, otherwise by an ingest:delivery key (a subscription's custom header).
 */
export async function POST(request: Request, context: { params: Promise<Record<string, never>> }): Promise<Response> {
  const signed = pagerDutySettings().secret !== undefined && request.headers.has("x-pagerduty-signature");
  return signed ? bySignature(request) : byKey(request, context);
}
