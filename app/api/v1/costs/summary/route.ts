import { costSummary } from "@/lib/attribution/cost-summary";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?from=&to=&groupBy=provider|service|feature|team|env|resource&metric=billed|effective: `[{ key, cost }]`. */
export const GET = apiRoute("GET /api/v1/costs/summary", (ctx, request) => costSummary(ctx, queryOf(request)));
