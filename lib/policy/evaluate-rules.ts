import type { CompiledRule } from "./compile-rule";
import type { PolicyResource, RuleProblem, Violation } from "./schemas";

// The pure core: every active rule over every resource of its types. A rule whose single
// evaluation takes longer than the budget is stopped for the rest of the run and reported; the
// others go on. A rule that can not decide a resource (an attribute a plan does not know yet) is
// not a violation: how many it could not decide is reported with the first reason.

const EVAL_BUDGET_MS = 100;

export interface Evaluation {
  violations: Violation[];
  /** Resources each rule checked, by rule id: a control's pass count is checked minus failed. */
  checked: Map<string, PolicyResource[]>;
  problems: RuleProblem[];
}

export function evaluateRules(
  rules: readonly CompiledRule[],
  resources: readonly PolicyResource[],
  budgetMs = EVAL_BUDGET_MS,
): Evaluation {
  const violations: Violation[] = [];
  const checked = new Map<string, PolicyResource[]>();
  const problems: RuleProblem[] = [];
  for (const compiled of rules) {
    const { rule } = compiled;
    const seen: PolicyResource[] = [];
    let undecided = 0;
    let firstReason = "";
    for (const resource of resources) {
      if (!compiled.matches(resource.type)) continue;
      const started = performance.now();
      const result = compiled.check(resource);
      const took = performance.now() - started;
      if (took > budgetMs) {
        problems.push({
          file: compiled.file,
          ruleId: rule.id,
          problem: `exceeded the evaluation budget of ${budgetMs} ms on ${resource.address} (${Math.round(took)} ms); stopped for this run`,
        });
        break;
      }
      if (typeof result === "string") {
        undecided += 1;
        firstReason ||= `${resource.address}: ${result}`;
        continue;
      }
      seen.push(resource);
      if (!result) violations.push(violationOf(compiled, resource));
    }
    checked.set(rule.id, seen);
    if (undecided)
      problems.push({
        file: compiled.file,
        ruleId: rule.id,
        problem: `could not decide ${undecided} resource(s), first ${firstReason}`,
      });
  }
  return { violations, checked, problems };
}

function violationOf({ rule }: CompiledRule, resource: PolicyResource): Violation {
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    address: resource.address,
    type: resource.type,
    message: `${resource.address}: ${rule.title}`,
    remediation: rule.remediation,
    controls: rule.controls,
  };
}
