import { apiRoute, queryOf } from "@/lib/http/api-route";
import { listOffHours } from "@/lib/zombies/list-offhours";

export const dynamic = "force-dynamic";

/** Off-hours proposals of the last scan, largest saving first, with totals per currency: ?limit=&cursor= */
export const GET = apiRoute("GET /api/v1/zombies/offhours", (ctx, request) => listOffHours(ctx, queryOf(request)));
