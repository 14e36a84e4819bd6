import { apiRoute } from "@/lib/http/api-route";
import { approveRun } from "@/lib/runbooks/approve-run";

export const dynamic = "force-dynamic";

/** Approves and sends the run: 200 with its outcome (status code, answer, duration, or the error). */
export const POST = apiRoute<{ id: string }>("POST /api/v1/runs/[id]/approve", async (ctx, _request, { id }) =>
  Response.json(await approveRun(ctx, id), { headers: { "cache-control": "no-store" } }),
);
