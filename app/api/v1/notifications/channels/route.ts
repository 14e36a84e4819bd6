import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { createChannel } from "@/lib/notifications/create-channel";
import { listChannels } from "@/lib/notifications/list-channels";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/notifications/channels", async (ctx) => ({ items: await listChannels(ctx) }));

/** { name, kind, routing?, enabled?, ...the kind's fields }: secrets are kept, never answered. */
export const POST = apiRoute("POST /api/v1/notifications/channels", async (ctx, request) =>
  createChannel(ctx, await jsonBody(request)),
);
