import { type Ctx, signedWebhookCtx } from "@/lib/context";
import { countSignatureFailure } from "@/lib/delivery/rejected-events";
import { recordIncident } from "@/lib/delivery/record-incident";
import { VigilError } from "@/lib/errors";
import { MAX_JSON_BYTES } from "@/lib/http/api-route";
import { readBody } from "@/lib/http/read-body";
import { type PagerDutyConfig, parsePagerDutyEvent } from "./parse-pagerduty";
import { verifyPagerDutySignature } from "./verify-pagerduty-signature";
import { type Delivery, ingestBody, readForSender } from "./webhook-io";

// PagerDuty v3 webhooks as incidents. The sender proves itself by the subscription's signature or,
// when no secret is configured here, by an ingest:delivery key sent as a custom header.

export const PAGERDUTY_ROUTE = "POST /api/v1/delivery/pagerduty";

const deliveryOf = (request: Request): Delivery => ({
  route: PAGERDUTY_ROUTE,
  source: "pagerduty",
  deliveryId: request.headers.get("x-webhook-id"),
});

/** The body's event type, when it has one, for the rejected-events list. */
function eventTypeOf(json: unknown): string | null {
  const type = (json as { event?: { event_type?: unknown } } | null)?.event?.event_type;
  return typeof type === "string" ? type.slice(0, 100) : null;
}

function ingest(ctx: Ctx, delivery: Delivery, body: Uint8Array, config: PagerDutyConfig): Promise<Response> {
  const parse = (json: unknown) => parsePagerDutyEvent(json, config);
  return ingestBody(ctx, delivery, body, parse, (incident) => recordIncident(ctx, incident), eventTypeOf);
}

/** An event sent with an ingest:delivery key (apiRoute checked it). */
export async function ingestPagerDutyByKey(ctx: Ctx, request: Request, config: PagerDutyConfig): Promise<Response> {
  const delivery = deliveryOf(request);
  const body = await readForSender(ctx, request, delivery, MAX_JSON_BYTES);
  if (body instanceof Response) return body;
  return ingest(ctx, delivery, body, config);
}

/** An event proven by X-PagerDuty-Signature; a bad one is a 401, counted but not kept. */
export async function ingestSignedPagerDuty(
  info: { requestId: string; sourceIp: string | null },
  request: Request,
  settings: { secret: string; config: PagerDutyConfig },
): Promise<Response> {
  const body = await readBody(request, MAX_JSON_BYTES);
  const check = verifyPagerDutySignature(body, request.headers.get("x-pagerduty-signature"), settings.secret);
  if (!check.ok) {
    await countSignatureFailure(PAGERDUTY_ROUTE, check.reason);
    throw new VigilError("unauthenticated", check.reason);
  }
  return ingest(signedWebhookCtx("pagerduty signature", info), deliveryOf(request), body, settings.config);
}
