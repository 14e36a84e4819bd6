import { pool } from "../db";
import { env } from "../env";
import { builtinRules } from "./builtin-pack";
import type { CompiledRule } from "./compile-rule";
import { loadTeamRules } from "./load-team-rules";
import type { RuleProblem } from "./schemas";

// The rules in force: the built-in pack less the ones switched off, then the teams' folder. A
// team rule may not reuse a built-in id, so a switch and a finding always name one rule.

export async function disabledRuleIds(): Promise<Set<string>> {
  const { rows } = await pool().query<{ rule_id: string }>("SELECT rule_id FROM policy_rule_setting WHERE NOT enabled");
  return new Set(rows.map((row) => row.rule_id));
}

/** Every rule, switched on or off, and the problems of the folder's files. */
export async function allRules(): Promise<{ rules: CompiledRule[]; problems: RuleProblem[] }> {
  const builtin = builtinRules();
  const dir = env().VIGIL_POLICY_DIR;
  if (!dir) return { rules: builtin, problems: [] };
  const teams = await loadTeamRules(
    dir,
    builtin.map((rule) => rule.rule.id),
  );
  return { rules: [...builtin, ...teams.rules], problems: [...teams.problems] };
}

export async function activeRules(): Promise<{ rules: CompiledRule[]; problems: RuleProblem[] }> {
  const [{ rules, problems }, disabled] = await Promise.all([allRules(), disabledRuleIds()]);
  return { rules: rules.filter((rule) => !disabled.has(rule.rule.id)), problems };
}
