import { changeUser } from "@/lib/access/users";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** { role?, disabled?, reason? } */
export const PATCH = apiRoute<{ id: string }>("PATCH /api/v1/users/[id]", async (ctx, request, { id }) =>
  changeUser(ctx, id, (await jsonBody(request)) as never),
);
