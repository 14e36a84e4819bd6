import { allRules } from "./active-rules";
import { evaluateRules } from "./evaluate-rules";
import type { PolicyResource, RuleProblem, Violation } from "./schemas";

/**
 * The gate without a Vigil server (`npm run vigil -- policy check`): the built-in pack and the
 * VIGIL_POLICY_DIR rules, all on except those skipped; the API gate applies the server's switches.
 */
export async function checkPlan(
  resources: readonly PolicyResource[],
  skip: ReadonlySet<string>,
): Promise<{ verdict: "pass" | "fail"; violations: Violation[]; problems: RuleProblem[] }> {
  const { rules, problems } = await allRules();
  const result = evaluateRules(
    rules.filter((rule) => !skip.has(rule.rule.id)),
    resources,
  );
  return {
    verdict: result.violations.length ? "fail" : "pass",
    violations: result.violations,
    problems: [...problems, ...result.problems],
  };
}
