import { listAudit } from "@/lib/audit/list-audit";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?actor=&action=&target=&from=&to=&limit=&before= ; newest first. */
export const GET = apiRoute("GET /api/v1/audit", (ctx, request) => listAudit(ctx, queryOf(request)));
