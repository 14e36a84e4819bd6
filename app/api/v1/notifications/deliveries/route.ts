import { apiRoute, queryOf } from "@/lib/http/api-route";
import { listDeliveries } from "@/lib/notifications/list-deliveries";

export const dynamic = "force-dynamic";

/** Newest first; ?channel=, ?state=, ?limit=, ?before=<nextBefore>. */
export const GET = apiRoute("GET /api/v1/notifications/deliveries", (ctx, request) =>
  listDeliveries(ctx, queryOf(request)),
);
