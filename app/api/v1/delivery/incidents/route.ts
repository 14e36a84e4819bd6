import { DEVLAKE_INCIDENTS_ROUTE, ingestDevLakeIncident } from "@/collectors/delivery/ingest-devlake";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** DevLake webhook plugin's incident (issue) body (+ service), with an ingest:delivery key. */
export const POST = apiRoute(DEVLAKE_INCIDENTS_ROUTE, (ctx, request) => ingestDevLakeIncident(ctx, request));
