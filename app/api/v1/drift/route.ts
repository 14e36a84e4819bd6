import { listDrift } from "@/lib/drift/list-drift";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?status=open|resolved|all&workspace=&kind=&cause=&limit=&cursor=: `{ items, next }`, newest seen first. */
export const GET = apiRoute("GET /api/v1/drift", (ctx, request) => listDrift(ctx, queryOf(request)));
