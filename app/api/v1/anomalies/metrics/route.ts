import { listWatchedMetrics, watchMetric } from "@/lib/anomalies/watch-metric";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

const noStore = { headers: { "cache-control": "no-store" } };

/** The watched metrics, and the metrics services send that are not watched (at most 500). */
export const GET = apiRoute("GET /api/v1/anomalies/metrics", async (ctx) =>
  Response.json(await listWatchedMetrics(ctx), noStore),
);

/** { metric, watch: true|false }: 200 with the setting; the next scan uses it. */
export const POST = apiRoute("POST /api/v1/anomalies/metrics", async (ctx, request) =>
  Response.json(await watchMetric(ctx, await jsonBody(request)), noStore),
);
