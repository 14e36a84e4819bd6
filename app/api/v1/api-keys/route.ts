import { createApiKey, listApiKeys } from "@/lib/access/api-keys";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/api-keys", async (ctx) => ({ items: await listApiKeys(ctx) }));

/** { name, scopes }: the answer holds the key, shown once. */
export const POST = apiRoute("POST /api/v1/api-keys", async (ctx, request) =>
  createApiKey(ctx, (await jsonBody(request)) as never),
);
