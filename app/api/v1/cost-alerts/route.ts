import { listCostAlerts } from "@/lib/attribution/list-cost-alerts";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?limit=&before=: budget alerts, newest first. */
export const GET = apiRoute("GET /api/v1/cost-alerts", (ctx, request) => listCostAlerts(ctx, queryOf(request)));
