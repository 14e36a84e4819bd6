import { getDrift } from "@/lib/drift/get-drift";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** The drift record with its resource's timeline and any code change still pending there. */
export const GET = apiRoute<{ id: string }>("GET /api/v1/drift/[id]", (ctx, _request, { id }) => getDrift(ctx, id));
