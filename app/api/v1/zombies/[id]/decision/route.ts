import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { decideZombie } from "@/lib/zombies/decide-zombie";

export const dynamic = "force-dynamic";

/** { action: approve|reject|snooze|done, reason, until?, confirm? }: 200 with the finding as it now is. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/zombies/[id]/decision", async (ctx, request, { id }) =>
  // A decision changes a finding; it creates nothing, so 200 rather than the POST default 201.
  Response.json(await decideZombie(ctx, id, await jsonBody(request)), { headers: { "cache-control": "no-store" } }),
);
