import { apiRoute, jsonBody, queryOf } from "@/lib/http/api-route";
import { createRunbook } from "@/lib/runbooks/create-runbook";
import { listRunbooks } from "@/lib/runbooks/list-runbooks";

export const dynamic = "force-dynamic";

/** ?limit=&cursor=: runbooks by name; secret header values shown as "set". */
export const GET = apiRoute("GET /api/v1/runbooks", (ctx, request) => listRunbooks(ctx, queryOf(request)));

/** { name, description?, method, url, headers?, bodyTemplate, series?, sloAlerts?, services?, environments?, autoRun? }: 201 with the runbook. */
export const POST = apiRoute("POST /api/v1/runbooks", async (ctx, request) =>
  createRunbook(ctx, await jsonBody(request)),
);
