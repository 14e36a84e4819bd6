import { getAnomaly } from "@/lib/anomalies/get-anomaly";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** One anomaly with its series and band, what changed, the triage history and earlier episodes. */
export const GET = apiRoute<{ id: string }>("GET /api/v1/anomalies/[id]", (ctx, _request, { id }) =>
  getAnomaly(ctx, id),
);
