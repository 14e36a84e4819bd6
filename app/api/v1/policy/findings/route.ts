import { apiRoute, queryOf } from "@/lib/http/api-route";
import { listFindings } from "@/lib/policy/list-findings";

export const dynamic = "force-dynamic";

/** ?status=open|resolved|waived|all&severity=&tool=&environment=&limit=&cursor=: { items, nextCursor }. */
export const GET = apiRoute("GET /api/v1/policy/findings", (ctx, request) => listFindings(ctx, queryOf(request)));
