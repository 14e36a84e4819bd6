import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { reevaluateStates } from "@/lib/policy/reevaluate-states";
import { setRuleEnabled } from "@/lib/policy/set-rule-enabled";

export const dynamic = "force-dynamic";

/** { enabled }: switches a rule, then evaluates the stored states again so findings follow. */
export const PATCH = apiRoute<{ id: string }>("PATCH /api/v1/policy/rules/[id]", async (ctx, request, { id }) => {
  const rule = await setRuleEnabled(ctx, id, await jsonBody(request));
  return { ...rule, reevaluated: await reevaluateStates(ctx) };
});
