import { DEVLAKE_DEPLOYMENTS_ROUTE, ingestDevLakeDeployment } from "@/collectors/delivery/ingest-devlake";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** DevLake webhook plugin's deployment body (+ service, team), with an ingest:delivery key. */
export const POST = apiRoute(DEVLAKE_DEPLOYMENTS_ROUTE, (ctx, request) => ingestDevLakeDeployment(ctx, request));
