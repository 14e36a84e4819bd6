import { apiRoute, queryOf } from "@/lib/http/api-route";
import { listTeardownPlans } from "@/lib/zombies/teardown-plans";

export const dynamic = "force-dynamic";

/** Teardown plans, newest first: ?limit=&cursor= */
export const GET = apiRoute("GET /api/v1/zombies/plans", (ctx, request) => listTeardownPlans(ctx, queryOf(request)));
