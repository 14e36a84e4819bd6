import { apiRoute } from "@/lib/http/api-route";
import { getZombie } from "@/lib/zombies/get-zombie";

export const dynamic = "force-dynamic";

/** The finding with its evidence, history and teardown plans. */
export const GET = apiRoute<{ id: string }>("GET /api/v1/zombies/[id]", (ctx, _request, { id }) => getZombie(ctx, id));
