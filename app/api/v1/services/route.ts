import { apiRoute, queryOf } from "@/lib/http/api-route";
import { listServices } from "@/lib/services/list-services";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/services", (ctx, request) => {
  const { limit, cursor } = queryOf(request);
  return listServices(ctx, { limit: limit ? Number(limit) : undefined, cursor });
});
