import { apiRoute, queryOf } from "@/lib/http/api-route";
import { expireSilence } from "@/lib/notifications/expire-silence";

export const dynamic = "force-dynamic";

/** Expires the silence now; ?reason= is kept in the audit trail. */
export const DELETE = apiRoute<{ id: string }>("DELETE /api/v1/notifications/silences/[id]", (ctx, request, { id }) =>
  expireSilence(ctx, id, queryOf(request).reason),
);
