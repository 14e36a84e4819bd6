import { revokeApiKey } from "@/lib/access/api-keys";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** Revokes the key; ?reason= is kept in the audit trail. */
export const DELETE = apiRoute<{ id: string }>("DELETE /api/v1/api-keys/[id]", (ctx, request, { id }) =>
  revokeApiKey(ctx, { id }, queryOf(request).reason),
);
