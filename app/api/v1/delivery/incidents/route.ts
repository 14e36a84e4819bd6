import { DEVLAKE_INCIDENTS_ROUTE, ingestDevLakeIncident } from "@/collectors/delivery/ingest-devlake";
import { listIncidents } from "@/lib/delivery/list-incidents";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** DevLake webhook plugin's incident (issue) body (+ service), with an ingest:delivery key. */
export const POST = apiRoute(DEVLAKE_INCIDENTS_ROUTE, (ctx, request) => ingestDevLakeIncident(ctx, request));

/** Incidents newest first, each with its linked deployment and why: ?service=&team=&status=&from=&to=&limit=&cursor= */
export const GET = apiRoute("GET /api/v1/delivery/incidents", (ctx, request) => listIncidents(ctx, queryOf(request)));
