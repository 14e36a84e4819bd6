import { listAnomalies } from "@/lib/anomalies/list-anomalies";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?status=open|acknowledged|investigating|resolved|false_positive|active|all&service=&series=&from=&to=&limit=&cursor=: newest first, changes ranked best first. */
export const GET = apiRoute("GET /api/v1/anomalies", (ctx, request) => listAnomalies(ctx, queryOf(request)));
