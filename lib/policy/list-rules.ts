import { authorize, type Ctx } from "../context";
import { allRules, disabledRuleIds } from "./active-rules";
import { BUILTIN_FILE } from "./builtin-pack";
import type { RuleProblem, Severity } from "./schemas";

export interface RuleView {
  id: string;
  title: string;
  severity: Severity;
  resourceTypes: string[];
  expression: string;
  remediation: string;
  controls: string[];
  /** "builtin" or the team file it came from. */
  file: string;
  builtin: boolean;
  enabled: boolean;
}

/** Every rule with its switch, and the problems of the teams' rule files (file, rule id, why). */
export async function listPolicyRules(ctx: Ctx): Promise<{ rules: RuleView[]; problems: RuleProblem[] }> {
  authorize(ctx, "read");
  const [{ rules, problems }, disabled] = await Promise.all([allRules(), disabledRuleIds()]);
  return {
    rules: rules.map(({ rule, file }) => ({
      ...rule,
      file,
      builtin: file === BUILTIN_FILE,
      enabled: !disabled.has(rule.id),
    })),
    problems,
  };
}
