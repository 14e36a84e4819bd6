import { compileRule, type CompiledRule } from "./compile-rule";
import { ENCRYPTION_RULES } from "./builtin/encryption";
import { EXPOSURE_RULES } from "./builtin/exposure";
import { GOVERNANCE_RULES } from "./builtin/governance";
import { IDENTITY_RULES } from "./builtin/identity";
import type { PolicyRule } from "./schemas";

export const BUILTIN_FILE = "builtin";
export const BUILTIN_RULES: readonly PolicyRule[] = [
  ...ENCRYPTION_RULES,
  ...EXPOSURE_RULES,
  ...GOVERNANCE_RULES,
  ...IDENTITY_RULES,
];

let compiled: CompiledRule[] | undefined;

/** The built-in pack, compiled once; a built-in rule that does not compile is a bug (its tests say so). */
export function builtinRules(): CompiledRule[] {
  compiled ??= BUILTIN_RULES.map((rule) => {
    const result = compileRule(rule, BUILTIN_FILE);
    if ("problem" in result) throw new Error(`built-in rule ${rule.id}: ${result.problem}`);
    return result;
  });
  return compiled;
}
