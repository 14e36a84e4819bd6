import { apiRoute, queryOf } from "@/lib/http/api-route";
import { getOverview } from "@/lib/overview/get-overview";

export const dynamic = "force-dynamic";

/** ?days=1..90 (default 30; complete UTC days ending yesterday)&metric=effective|billed (default effective), as the Costs page. */
export const GET = apiRoute("GET /api/v1/overview", (ctx, request) => getOverview(ctx, queryOf(request)));
