import { evaluatePlanFile, MAX_PLAN_BYTES } from "@/collectors/policy/evaluate-plan-file";
import { apiRoute, queryOf } from "@/lib/http/api-route";
import { readBody } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

/** A `terraform show -json` plan as the body: 200 { verdict: pass|fail, violations, problems }. */
export const POST = apiRoute("POST /api/v1/policy/evaluate", async (ctx, request) => {
  const name = queryOf(request).name ?? "plan.json";
  const verdict = await evaluatePlanFile(ctx, { name, body: () => readBody(request, MAX_PLAN_BYTES) });
  // An evaluation creates nothing: 200, not the POST default 201.
  return Response.json(verdict, { headers: { "cache-control": "no-store" } });
});
