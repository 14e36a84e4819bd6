import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { createSilence } from "@/lib/notifications/create-silence";
import { listSilences } from "@/lib/notifications/list-silences";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/notifications/silences", async (ctx) => ({ items: await listSilences(ctx) }));

/** { matchers: { services?, teams?, severities?, keys? }, endsAt, reason } */
export const POST = apiRoute("POST /api/v1/notifications/silences", async (ctx, request) =>
  createSilence(ctx, (await jsonBody(request)) as never),
);
