import { apiRoute } from "@/lib/http/api-route";
import { getTrace, traceJson } from "@/lib/traces/get-trace";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ traceId: string }>(
  "GET /api/v1/traces/[traceId]",
  async (ctx, _request, { traceId }) =>
    new Response(traceJson(await getTrace(ctx, traceId)), {
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    }),
);
