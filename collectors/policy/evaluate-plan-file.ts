import type { Ctx } from "@/lib/context";
import { evaluatePlan, type PlanVerdict } from "@/lib/policy/evaluate-plan";
import { checkFileName, decodeUtf8 } from "./json-text";
import { parsePlan } from "./parse-plan";

/** Largest plan the gate reads whole; the drift import streams larger ones. */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** A `terraform show -json` plan through the policy gate; `body` is read only once the caller may. */
export function evaluatePlanFile(
  ctx: Ctx,
  input: { name: string; body: () => Promise<Uint8Array | string> },
): Promise<PlanVerdict> {
  return evaluatePlan(ctx, {
    read: async () => {
      checkFileName(input.name);
      const body = await input.body();
      return parsePlan(typeof body === "string" ? body : decodeUtf8(body, input.name), input.name);
    },
  });
}
