import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { deleteSlo } from "@/lib/slo/delete-slo";
import { getSlo } from "@/lib/slo/get-slo";
import { updateSlo } from "@/lib/slo/update-slo";

export const dynamic = "force-dynamic";

/** The SLO with its budget, burn rates, time to exhaustion, alerts and status, at most a minute old. */
export const GET = apiRoute<{ id: string }>("GET /api/v1/slos/[id]", (ctx, _request, { id }) => getSlo(ctx, id));

/** The fields to change; the whole SLO is checked again. */
export const PATCH = apiRoute<{ id: string }>("PATCH /api/v1/slos/[id]", async (ctx, request, { id }) =>
  updateSlo(ctx, id, await jsonBody(request)),
);

export const DELETE = apiRoute<{ id: string }>("DELETE /api/v1/slos/[id]", (ctx, _request, { id }) =>
  deleteSlo(ctx, id),
);
