import type { Ctx } from "@/lib/context";
import { recordDeploymentWithPolicy } from "./record-with-policy";
import { recordIncident } from "@/lib/delivery/record-incident";
import { MAX_JSON_BYTES } from "@/lib/http/api-route";
import { parseDevLakeDeployment, parseDevLakeIncident } from "./parse-devlake";
import { ingestBody, readForSender } from "./webhook-io";

// DevLake's webhook plugin endpoints, so a team's DevLake webhook (or any script speaking its
// bodies) can point at Vigil. The sender is an ingest:delivery key, already checked by apiRoute.

export const DEVLAKE_DEPLOYMENTS_ROUTE = "POST /api/v1/delivery/deployments";
export const DEVLAKE_INCIDENTS_ROUTE = "POST /api/v1/delivery/incidents";

export async function ingestDevLakeDeployment(ctx: Ctx, request: Request): Promise<Response> {
  const delivery = { route: DEVLAKE_DEPLOYMENTS_ROUTE, source: "devlake", event: "deployment" };
  const body = await readForSender(ctx, request, delivery, MAX_JSON_BYTES);
  if (body instanceof Response) return body;
  return ingestBody(ctx, delivery, body, parseDevLakeDeployment, (deployment) =>
    recordDeploymentWithPolicy(ctx, deployment),
  );
}

export async function ingestDevLakeIncident(ctx: Ctx, request: Request): Promise<Response> {
  const delivery = { route: DEVLAKE_INCIDENTS_ROUTE, source: "devlake", event: "incident" };
  const body = await readForSender(ctx, request, delivery, MAX_JSON_BYTES);
  if (body instanceof Response) return body;
  return ingestBody(ctx, delivery, body, parseDevLakeIncident, (incident) => recordIncident(ctx, incident));
}
