import { apiRoute } from "@/lib/http/api-route";
import { getLastScan, scanZombiesNow } from "@/lib/zombies/scan-if-due";

export const dynamic = "force-dynamic";

/** When the last scan ran and what it found. */
export const GET = apiRoute("GET /api/v1/zombies/scan", (ctx) => getLastScan(ctx));

/** Scans now (the worker also scans within a minute of an import, and hourly): what it found. */
export const POST = apiRoute("POST /api/v1/zombies/scan", async (ctx) =>
  Response.json(await scanZombiesNow(ctx), { headers: { "cache-control": "no-store" } }),
);
