import { apiRoute } from "@/lib/http/api-route";
import { testChannel } from "@/lib/notifications/test-channel";

export const dynamic = "force-dynamic";

/** Sends a test notice now and answers with the attempt: outcome, status or error, duration. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/notifications/channels/[id]/test", (ctx, _request, { id }) =>
  testChannel(ctx, id),
);
