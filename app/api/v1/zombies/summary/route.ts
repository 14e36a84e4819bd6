import { apiRoute, queryOf } from "@/lib/http/api-route";
import { getZombieSavings } from "@/lib/zombies/savings";
import { summarizeZombies } from "@/lib/zombies/summarize-zombies";

export const dynamic = "force-dynamic";

/** Groups by rule, team and environment over the list's filters, and savings now and per day. */
export const GET = apiRoute("GET /api/v1/zombies/summary", async (ctx, request) => ({
  ...(await summarizeZombies(ctx, queryOf(request))),
  savings: await getZombieSavings(ctx),
}));
