import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { getZombieSettings, updateZombieSettings } from "@/lib/zombies/zombie-settings";

export const dynamic = "force-dynamic";

/** The rules' thresholds and protections: defaults, stored overrides and what is in effect. */
export const GET = apiRoute("GET /api/v1/zombies/settings", (ctx) => getZombieSettings(ctx));

/** Replaces the overrides ({} restores the defaults); a bad field is a 400 naming it. */
export const PATCH = apiRoute("PATCH /api/v1/zombies/settings", async (ctx, request) =>
  updateZombieSettings(ctx, await jsonBody(request)),
);
