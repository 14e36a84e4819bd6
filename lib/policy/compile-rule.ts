import { celEnv, isCelError, parse, plan } from "@bufbuild/cel";
import type { PolicyResource, PolicyRule } from "./schemas";

// CEL always terminates, but nested comprehensions multiply: three levels over 1,000-element lists
// is a billion steps. Like cel-go's cost estimator, a rule's worst case is estimated before it is
// used (a list from the resource is assumed to hold up to ASSUMED_LIST elements) and a rule above
// MAX_COST is refused; what slips through is stopped at run time by the evaluator's time budget.

const MAX_COST = 200_000;
const ASSUMED_LIST = 10;
const MAX_NESTING = 3;

export interface CompiledRule {
  rule: PolicyRule;
  file: string;
  /** true: complies; false: a violation; a string: why it could not be decided. */
  check(resource: PolicyResource): boolean | string;
  matches(type: string): boolean;
}

const env = celEnv({});

type Expr = ReturnType<typeof parse>["expr"];

function rangeSize(expr: Expr | undefined): number {
  return expr?.exprKind.case === "listExpr" ? expr.exprKind.value.elements.length : ASSUMED_LIST;
}

/** The estimated worst-case steps of an expression, and its deepest comprehension nesting. */
function estimateCost(expr: Expr | undefined): { cost: number; depth: number } {
  if (!expr) return { cost: 0, depth: 0 };
  const kind = expr.exprKind;
  const sum = (parts: (Expr | undefined)[]) =>
    parts.map(estimateCost).reduce((a, b) => ({ cost: a.cost + b.cost, depth: Math.max(a.depth, b.depth) }), {
      cost: 1,
      depth: 0,
    });
  switch (kind.case) {
    case "comprehensionExpr": {
      const c = kind.value;
      const body = sum([c.loopCondition, c.loopStep]);
      const outer = sum([c.iterRange, c.accuInit, c.result]);
      return { cost: outer.cost + rangeSize(c.iterRange) * body.cost, depth: Math.max(outer.depth, body.depth + 1) };
    }
    case "callExpr":
      return sum([kind.value.target, ...kind.value.args]);
    case "selectExpr":
      return sum([kind.value.operand]);
    case "listExpr":
      return sum(kind.value.elements);
    case "structExpr":
      return sum(
        kind.value.entries.flatMap((entry) => [
          entry.value,
          entry.keyKind.case === "mapKey" ? entry.keyKind.value : undefined,
        ]),
      );
    default:
      return { cost: 1, depth: 0 };
  }
}

function typeMatcher(types: readonly string[]): (type: string) => boolean {
  const exact = new Set(types.filter((type) => !type.endsWith("*")));
  const prefixes = types.filter((type) => type.endsWith("*")).map((type) => type.slice(0, -1));
  return (type) => exact.has(type) || prefixes.some((prefix) => type.startsWith(prefix));
}

/** Parses and plans a rule's CEL; a rule that does not parse or costs too much is a problem, not a rule. */
export function compileRule(rule: PolicyRule, file: string): CompiledRule | { problem: string } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rule.expression);
  } catch (err) {
    return { problem: `expression does not compile: ${(err as Error).message.replace(/^<input>:/, "at ")}` };
  }
  const { cost, depth } = estimateCost(parsed.expr);
  if (depth > MAX_NESTING) return { problem: `expression nests ${depth} comprehensions; at most ${MAX_NESTING}` };
  if (cost > MAX_COST)
    return { problem: `expression's estimated cost ${cost} exceeds the evaluation budget of ${MAX_COST} steps` };
  let run: ReturnType<typeof plan>;
  try {
    run = plan(env, parsed);
  } catch (err) {
    return { problem: `expression does not compile: ${(err as Error).message}` };
  }
  const check = (resource: PolicyResource): boolean | string => {
    let result: unknown;
    try {
      result = run({ resource: resource as never });
    } catch (err) {
      return (err as Error).message;
    }
    if (isCelError(result)) return result.message;
    if (typeof result !== "boolean") return `expression gave ${typeof result}, not a boolean`;
    return result;
  };
  return { rule, file, check, matches: typeMatcher(rule.resourceTypes) };
}
