import { apiRoute, queryOf } from "@/lib/http/api-route";
import { searchTraces } from "@/lib/traces/search-traces";

export const dynamic = "force-dynamic";

/** ?service=&operation=&status=&minDurationMs=&maxDurationMs=&from=&to=&attr=k:v&sort=-start|start|-duration|duration&limit=&cursor= */
export const GET = apiRoute("GET /api/v1/traces", (ctx, request) => searchTraces(ctx, queryOf(request)));
