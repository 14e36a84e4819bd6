import { apiRoute, queryOf } from "@/lib/http/api-route";
import { listZombies } from "@/lib/zombies/list-zombies";

export const dynamic = "force-dynamic";

/** Findings, most savings first: ?rule=&status=(open|<status>|all)&team=&environment=&q=&sort=&limit=&cursor= */
export const GET = apiRoute("GET /api/v1/zombies", (ctx, request) => listZombies(ctx, queryOf(request)));
