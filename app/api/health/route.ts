import { getHealth } from "@/lib/health/get-health";
import { withSpan } from "@/lib/telemetry";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await withSpan("GET /api/health", {}, () => getHealth());
  return Response.json(health, {
    status: health.status === "unavailable" ? 503 : 200,
    headers: { "cache-control": "no-store" },
  });
}
