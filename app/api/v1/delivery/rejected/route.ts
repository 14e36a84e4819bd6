import { listRejectedEvents } from "@/lib/delivery/rejected-events";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?limit=&before=: delivery events refused in the last 7 days, newest first, with signature failure counts. */
export const GET = apiRoute("GET /api/v1/delivery/rejected", (ctx, request) =>
  listRejectedEvents(ctx, queryOf(request)),
);
