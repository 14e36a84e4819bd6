import { DEVLAKE_DEPLOYMENTS_ROUTE, ingestDevLakeDeployment } from "@/collectors/delivery/ingest-devlake";
import { listDeployments } from "@/lib/delivery/list-deployments";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** DevLake webhook plugin's deployment body (+ service, team), with an ingest:delivery key. */
export const POST = apiRoute(DEVLAKE_DEPLOYMENTS_ROUTE, (ctx, request) => ingestDevLakeDeployment(ctx, request));

/** Deployments newest first: ?service=&team=&environment=&result=&from=&to=&limit=&cursor= */
export const GET = apiRoute("GET /api/v1/delivery/deployments", (ctx, request) =>
  listDeployments(ctx, queryOf(request)),
);
