import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { decodeUtf8 } from "@/collectors/policy/json-text";
import { parsePlan } from "@/collectors/policy/parse-plan";
import { ConfigError } from "@/lib/errors";
import { checkPlan } from "@/lib/policy/check-plan";

export const POLICY_USAGE = `  policy check PLAN.json [--skip RULE]...  the policy gate over \`terraform show -json\` output,
                                              locally (built-in pack + VIGIL_POLICY_DIR, no database);
                                              exit 1 on a failing verdict or an unreadable plan`;

/** `vigil policy check plan.json`: one line per violation, a verdict line, exit 1 on fail. */
export async function runPolicyCommand(
  args: string[],
): Promise<{ lines: string[]; problems: string[]; exitCode: 0 | 1 }> {
  const [sub, ...rest] = args;
  if (sub !== "check") throw new ConfigError(`unknown command: policy ${sub ?? ""}\n${POLICY_USAGE}`);
  const { positionals, values } = parseArgs({
    args: rest,
    options: { skip: { type: "string", multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1)
    throw new ConfigError("policy check takes one plan file: terraform show -json plan > plan.json");
  const file = positionals[0];
  const bytes = await readFile(file).catch((err: Error) => {
    throw new ConfigError(`${file}: ${err.message}`);
  });
  const resources = parsePlan(decodeUtf8(bytes, path.basename(file)), path.basename(file));
  const result = await checkPlan(resources, new Set(values.skip ?? []));
  const lines = result.violations.map(
    (v) => `FAIL ${v.severity.padEnd(8)} ${v.ruleId.padEnd(32)} ${v.address}: ${v.title}`,
  );
  lines.push(
    `policy: ${result.verdict}, ${result.violations.length} violation(s) over ${resources.length} resource(s)`,
  );
  const problems = result.problems.map((p) => `rule problem: ${p.file}${p.ruleId ? ` ${p.ruleId}` : ""}: ${p.problem}`);
  return { lines, problems, exitCode: result.verdict === "fail" ? 1 : 0 };
}
