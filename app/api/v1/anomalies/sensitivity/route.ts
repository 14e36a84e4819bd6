import { setSensitivity } from "@/lib/anomalies/set-sensitivity";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** { service (or *), series, level: low|medium|high|off }: 200 with the saved setting; the next scan uses it. */
export const POST = apiRoute("POST /api/v1/anomalies/sensitivity", async (ctx, request) =>
  Response.json(await setSensitivity(ctx, await jsonBody(request)), {
    headers: { "cache-control": "no-store" },
  }),
);
