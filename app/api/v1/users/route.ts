import { createUser, listUsers } from "@/lib/access/users";
import { apiRoute, jsonBody, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/users", (ctx, request) => {
  const { limit, after } = queryOf(request);
  return listUsers(ctx, { limit: limit ? Number(limit) : undefined, after });
});

/** { email, role, name? }: the answer holds the one-time password, shown once. */
export const POST = apiRoute("POST /api/v1/users", async (ctx, request) => {
  const body = (await jsonBody(request)) as Record<string, unknown>;
  return createUser(ctx, { ...body, demo: false } as never);
});
