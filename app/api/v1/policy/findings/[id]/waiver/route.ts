import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { waiveFinding } from "@/lib/policy/waive-finding";

export const dynamic = "force-dynamic";

/** { reason, until }: 200 with the finding, now waived until then. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/policy/findings/[id]/waiver", async (ctx, request, { id }) =>
  Response.json(await waiveFinding(ctx, id, await jsonBody(request)), { headers: { "cache-control": "no-store" } }),
);
