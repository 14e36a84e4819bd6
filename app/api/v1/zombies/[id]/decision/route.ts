import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { decideZombie } from "@/lib/zombies/decide-zombie";

export const dynamic = "force-dynamic";

/** { action: approve|reject|snooze|done, reason, until?, confirm? }: the finding as it now is. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/zombies/[id]/decision", async (ctx, request, { id }) =>
  decideZombie(ctx, id, await jsonBody(request)),
);
