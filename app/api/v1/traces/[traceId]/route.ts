import { apiRoute } from "@/lib/http/api-route";
import { getTrace } from "@/lib/traces/get-trace";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ traceId: string }>("GET /api/v1/traces/[traceId]", (ctx, _request, { traceId }) =>
  getTrace(ctx, traceId),
);
