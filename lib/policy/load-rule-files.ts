import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import { compileRule, type CompiledRule } from "./compile-rule";
import { PolicyRule, type RuleProblem, RuleFile } from "./schemas";

// Rule files teams version (VIGIL_POLICY_DIR): each file and each rule stands alone, so a file that
// is not YAML or a rule that does not compile is reported with its file and id and the rest load.

const MAX_FILE_BYTES = 1024 * 1024;
/** The names of rule files in the folder. */
export const RULE_FILE = /\.ya?ml$/i;

export interface LoadedRules {
  rules: CompiledRule[];
  problems: RuleProblem[];
}

function ruleIdOf(value: unknown): string | null {
  const id = value && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
  return typeof id === "string" ? id.slice(0, 100) : null;
}

/** One file's rules; `taken` holds ids already loaded (the built-in pack's and earlier files'). */
export function parseRuleFile(text: string, file: string, taken: Set<string> = new Set()): LoadedRules {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) {
    const error = doc.errors[0];
    const where = error.linePos?.[0] ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : "";
    return { rules: [], problems: [{ file, ruleId: null, problem: `not YAML${where}: ${error.code}` }] };
  }
  let content: unknown;
  try {
    content = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { rules: [], problems: [{ file, ruleId: null, problem: `not usable YAML: ${(err as Error).message}` }] };
  }
  if (!content || typeof content !== "object" || Array.isArray(content))
    return { rules: [], problems: [{ file, ruleId: null, problem: "must be a mapping with a rules: list" }] };
  const shape = RuleFile.safeParse(content);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    return {
      rules: [],
      problems: [{ file, ruleId: null, problem: `${issue.path.join(".") || "file"}: ${issue.message}` }],
    };
  }
  const loaded: LoadedRules = { rules: [], problems: [] };
  shape.data.rules.forEach((raw, index) => {
    const ruleId = ruleIdOf(raw);
    const parsed = PolicyRule.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      loaded.problems.push({ file, ruleId, problem: `rules[${index}].${issue.path.join(".")}: ${issue.message}` });
      return;
    }
    if (taken.has(parsed.data.id)) {
      loaded.problems.push({ file, ruleId, problem: `rule id ${parsed.data.id} is already defined` });
      return;
    }
    const compiled = compileRule(parsed.data, file);
    if ("problem" in compiled) loaded.problems.push({ file, ruleId, problem: compiled.problem });
    else {
      taken.add(parsed.data.id);
      loaded.rules.push(compiled);
    }
  });
  return loaded;
}

/** Every *.yaml / *.yml file of the folder, in name order. */
export async function loadPolicyDir(dir: string, taken: Set<string>): Promise<LoadedRules> {
  const loaded: LoadedRules = { rules: [], problems: [] };
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => RULE_FILE.test(name)).sort();
  } catch (err) {
    return {
      rules: [],
      problems: [{ file: dir, ruleId: null, problem: `cannot read the folder: ${(err as Error).message}` }],
    };
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const info = await stat(file);
    if (!info.isFile()) continue;
    if (info.size > MAX_FILE_BYTES) {
      loaded.problems.push({ file, ruleId: null, problem: `larger than ${MAX_FILE_BYTES} bytes` });
      continue;
    }
    const one = parseRuleFile(await readFile(file, "utf8"), file, taken);
    loaded.rules.push(...one.rules);
    loaded.problems.push(...one.problems);
  }
  return loaded;
}
