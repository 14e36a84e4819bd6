import type { Ctx } from "@/lib/context";
import { recordDeploymentWithPolicy } from "./record-with-policy";
import { queueDeliveryEvent } from "@/lib/delivery/queue-delivery-event";
import { recordIncident } from "@/lib/delivery/record-incident";
import { budgetExhausted } from "@/lib/slo/budget-policy";
import { MAX_JSON_BYTES } from "@/lib/http/api-route";
import { parseDevLakeDeployment, parseDevLakeIncident } from "./parse-devlake";
import { ingestBody, prefersAsync, queuedAnswer, readForSender } from "./webhook-io";

// DevLake's webhook plugin endpoints, so a team's DevLake webhook (or any script speaking its
// bodies) can point at Vigil. The sender is an ingest:delivery key, already checked by apiRoute.
// With `Prefer: respond-async` an event is answered 202 once it is durably queued, and stored by
// the worker within seconds (lib/delivery/store-delivery-inbox.ts): for senders sending many. With
// the queue full it is stored at once and answered as without the preference (RFC 7240 allows it).

export const DEVLAKE_DEPLOYMENTS_ROUTE = "POST /api/v1/delivery/deployments";
export const DEVLAKE_INCIDENTS_ROUTE = "POST /api/v1/delivery/incidents";

export async function ingestDevLakeDeployment(ctx: Ctx, request: Request): Promise<Response> {
  const delivery = { route: DEVLAKE_DEPLOYMENTS_ROUTE, source: "devlake", event: "deployment" };
  const body = await readForSender(ctx, request, delivery, MAX_JSON_BYTES);
  if (body instanceof Response) return body;
  const queue = prefersAsync(request);
  return ingestBody(ctx, delivery, body, parseDevLakeDeployment, async (deployment) => {
    const queued = queue && (await queueDeliveryEvent(ctx, delivery.route, { kind: "deployment", record: deployment }));
    if (!queued) return recordDeploymentWithPolicy(ctx, deployment);
    return queuedAnswer(queued, { budgetExhausted: await budgetExhausted(ctx, deployment.service) });
  });
}

export async function ingestDevLakeIncident(ctx: Ctx, request: Request): Promise<Response> {
  const delivery = { route: DEVLAKE_INCIDENTS_ROUTE, source: "devlake", event: "incident" };
  const body = await readForSender(ctx, request, delivery, MAX_JSON_BYTES);
  if (body instanceof Response) return body;
  const queue = prefersAsync(request);
  return ingestBody(ctx, delivery, body, parseDevLakeIncident, async (incident) => {
    const queued = queue && (await queueDeliveryEvent(ctx, delivery.route, { kind: "incident", record: incident }));
    return queued ? queuedAnswer(queued) : recordIncident(ctx, incident);
  });
}
