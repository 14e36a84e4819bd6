import { listCapacityWarnings } from "@/lib/forecasts/list-capacity-warnings";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?environment=: services forecast to pass their last 30 days' highest hour by the configured margin. */
export const GET = apiRoute("GET /api/v1/forecasts/capacity", (ctx, request) =>
  listCapacityWarnings(ctx, queryOf(request)),
);
