import type { CompiledRule } from "../policy/compile-rule";
import { evaluateRules } from "../policy/evaluate-rules";
import { toPolicyResource } from "../policy/policy-resource";
import type { Severity } from "../policy/schemas";
import type { DriftObservation } from "./schemas";

// The rules a drift makes the resource break: the rules in force over its attributes after the
// drift, less those it already broke before (when the file gives the before-values). A rule that
// errors or can not decide the resource is not a violation, so it never fails the import.

export interface PolicyImpact {
  ruleId: string;
  severity: Severity;
  title: string;
  controls: string[];
}

const isObject = (value: unknown) => value !== null && typeof value === "object" && !Array.isArray(value);

/** null when the after-values are unknown (a deletion, driftctl's unmanaged list, the plan stream). */
export function policyImpact(rules: readonly CompiledRule[], observation: DriftObservation): PolicyImpact[] | null {
  const { values, type, address } = observation;
  if (!values || !type || !isObject(values.after)) return null;
  const resource = (attributes: unknown) => toPolicyResource(type, address, attributes);
  const after = evaluateRules(rules, [resource(values.after)]).violations;
  const before = isObject(values.before)
    ? new Set(evaluateRules(rules, [resource(values.before)]).violations.map((v) => v.ruleId))
    : new Set<string>();
  return after
    .filter((violation) => !before.has(violation.ruleId))
    .map(({ ruleId, severity, title, controls }) => ({ ruleId, severity, title, controls }));
}
