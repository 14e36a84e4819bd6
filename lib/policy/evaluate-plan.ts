import { authorize, type Ctx } from "../context";
import { withSpan } from "../telemetry";
import { activeRules } from "./active-rules";
import { evaluateRules } from "./evaluate-rules";
import type { PolicyResource, RuleProblem, Severity } from "./schemas";

export interface PlanVerdict {
  verdict: "pass" | "fail";
  resources: number;
  violations: { ruleId: string; severity: Severity; address: string; message: string; controls: string[] }[];
  /** Rules that could not be used or stopped (file, rule id, why); they never fail the verdict. */
  problems: RuleProblem[];
}

/**
 * The gate a pipeline calls before apply: the rules in force over the plan's resources. Any
 * violation fails the verdict. The plan is read (and parsed, by its collector) only once the
 * caller may evaluate plans; nothing is stored.
 */
export async function evaluatePlan(ctx: Ctx, input: { read: () => Promise<PolicyResource[]> }): Promise<PlanVerdict> {
  authorize(ctx, "ingest:iac");
  const resources = await input.read();
  const { rules, problems } = await activeRules();
  return withSpan("evaluatePlan", { "vigil.policy.resources": resources.length }, async () => {
    const result = evaluateRules(rules, resources);
    return {
      verdict: result.violations.length ? "fail" : "pass",
      resources: resources.length,
      violations: result.violations.map(({ ruleId, severity, address, message, controls }) => ({
        ruleId,
        severity,
        address,
        message,
        controls,
      })),
      problems: [...problems, ...result.problems],
    };
  });
}
