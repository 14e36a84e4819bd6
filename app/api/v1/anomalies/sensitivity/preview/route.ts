import { previewSeriesSensitivity } from "@/lib/anomalies/preview-series-sensitivity";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** { service, series, level }: the episodes that level and the one in force flag over the last 7 days. */
export const POST = apiRoute("POST /api/v1/anomalies/sensitivity/preview", async (ctx, request) =>
  Response.json(await previewSeriesSensitivity(ctx, await jsonBody(request)), {
    headers: { "cache-control": "no-store" },
  }),
);
