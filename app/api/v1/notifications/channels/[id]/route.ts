import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { deleteChannel } from "@/lib/notifications/delete-channel";
import { updateChannel } from "@/lib/notifications/update-channel";

export const dynamic = "force-dynamic";

/** The fields to change; a secret not sent is kept. */
export const PATCH = apiRoute<{ id: string }>(
  "PATCH /api/v1/notifications/channels/[id]",
  async (ctx, request, { id }) => updateChannel(ctx, id, await jsonBody(request)),
);

export const DELETE = apiRoute<{ id: string }>("DELETE /api/v1/notifications/channels/[id]", (ctx, _request, { id }) =>
  deleteChannel(ctx, id),
);
