import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { deleteRunbook } from "@/lib/runbooks/delete-runbook";
import { getRunbook } from "@/lib/runbooks/get-runbook";
import { updateRunbook } from "@/lib/runbooks/update-runbook";

export const dynamic = "force-dynamic";

/** One runbook; secret header values shown as "set". */
export const GET = apiRoute<{ id: string }>("GET /api/v1/runbooks/[id]", (ctx, _request, { id }) =>
  getRunbook(ctx, id),
);

/** Any runbook fields; `headers` replaces the list (a secret header without a value keeps its stored one). */
export const PATCH = apiRoute<{ id: string }>("PATCH /api/v1/runbooks/[id]", async (ctx, request, { id }) =>
  updateRunbook(ctx, id, await jsonBody(request)),
);

/** Deletes the runbook; its runs stay. */
export const DELETE = apiRoute<{ id: string }>("DELETE /api/v1/runbooks/[id]", (ctx, _request, { id }) =>
  deleteRunbook(ctx, id),
);
