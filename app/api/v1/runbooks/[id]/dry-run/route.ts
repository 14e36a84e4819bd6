import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { dryRun } from "@/lib/runbooks/dry-run";

export const dynamic = "force-dynamic";

/** { anomalyId? }: 200 with the exact request (method, url, headers with secrets redacted, body); nothing is sent; no anomaly: a sample one. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/runbooks/[id]/dry-run", async (ctx, request, { id }) =>
  Response.json(await dryRun(ctx, id, await jsonBody(request)), { headers: { "cache-control": "no-store" } }),
);
