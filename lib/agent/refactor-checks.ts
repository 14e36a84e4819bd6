import type { Change } from "@/lib/agent/compare-blocks";
import { blockOf, type InventoryFact } from "@/lib/agent/load-facts";
import { schemaProblems } from "@/lib/agent/provider-schema";
import type { Check, RefactorProposal } from "@/lib/agent/schemas";
import type { CompiledRule } from "@/lib/policy/compile-rule";
import { evaluateRules } from "@/lib/policy/evaluate-rules";
import { toPolicyResource } from "@/lib/policy/policy-resource";

// The pure checks of a refactor over the changes its patch makes and what Vigil knows. Each
// returns its verdict and a detail a person can act on; none stops the others.

const LIST = 10;
const listed = (items: readonly string[]) =>
  items.length > LIST ? `${items.slice(0, LIST).join("; ")} and ${items.length - LIST} more` : items.join("; ");

export const check = (name: string, problems: readonly string[], ok: string): Check => ({
  name,
  passed: problems.length === 0,
  detail: problems.length ? listed(problems) : ok,
});

/**
 * Targets and changed addresses must be in the inventory, except those the patch creates; created
 * ones must not be (that would be a second resource under one address).
 */
export function addressesExist(
  targets: readonly string[],
  changes: readonly Change[],
  inventory: readonly InventoryFact[],
): Check {
  const known = new Set(inventory.map((r) => r.block));
  // Created and moved-to addresses are new: they must not be in the inventory yet.
  const created = new Set(changes.filter((c) => c.action === "create" || c.from).map((c) => c.address));
  const problems = [...created].flatMap((address) =>
    known.has(address) ? [`${address} is created but already in the inventory`] : [],
  );
  const existing = new Set([...targets.map(blockOf), ...changes.map((c) => c.from ?? c.address)]);
  for (const address of existing)
    if (!created.has(address) && !known.has(address)) problems.push(`${address} is not in the inventory`);
  return check("addresses-exist", problems, `${existing.size} address(es) match the inventory`);
}

/** Everything the patch touches is among the proposal's targets. */
export function inScope(
  proposal: RefactorProposal,
  changes: readonly Change[],
  otherBlocks: readonly string[] = [],
): Check {
  const targets = new Set(proposal.targets.map(blockOf));
  const touched = changes.flatMap((c) => (c.from ? [c.from, c.address] : [c.address]));
  const outside = [...new Set(touched)].filter((address) => !targets.has(address));
  const problems = outside.map((address) => `${address} is changed but not a target`);
  for (const kind of otherBlocks) problems.push(`changes a ${kind} block: only resource and moved blocks may change`);
  if (!changes.length) problems.push("the patch changes nothing");
  return check("in-scope", problems, `changes only ${[...targets].join(", ")}`);
}

/** No delete or replace, unless the address has a zombie finding approved for teardown. */
export function noDestroy(changes: readonly Change[], approvedTeardowns: ReadonlySet<string>): Check {
  const problems = changes
    .filter((c) => (c.action === "delete" || c.action === "replace") && !approvedTeardowns.has(c.address))
    .map(
      (c) =>
        `${c.address} would be ${c.action === "delete" ? "destroyed" : "replaced"}${c.reasons.length ? ` (${c.reasons.join(", ")})` : ""}`,
    );
  return check("no-destroy", problems, "nothing destroyed or replaced outside an approved teardown");
}

export function providerSchema(changes: readonly Change[]): Check {
  const problems = changes.flatMap((c) => {
    if (!c.body) return [];
    const [type, name] = [c.type, c.address.split(".").at(-1) ?? c.address];
    return schemaProblems(type, name, c.body);
  });
  return check("provider-schema", problems, "every type and argument is in the provider schemas");
}

/** Violations the patch introduces; ones the resource already had are named but do not fail it. */
export function policyCheck(changes: readonly Change[], rules: readonly CompiledRule[]): Check {
  const side = (pick: (c: Change) => Record<string, unknown> | null) =>
    changes.flatMap((c) => {
      const body = pick(c);
      return body ? [toPolicyResource(c.type, c.address, body)] : [];
    });
  const after = evaluateRules(
    rules,
    side((c) => c.body),
  ).violations;
  const before = new Set(
    evaluateRules(
      rules,
      side((c) => c.before),
    ).violations.map((v) => `${v.address}|${v.ruleId}`),
  );
  const added = after.filter((v) => !before.has(`${v.address}|${v.ruleId}`));
  const kept = after.length - added.length;
  const ok = `no new policy violation${kept ? ` (${kept} the resources already had)` : ""}`;
  return check(
    "policy",
    added.map((v) => `${v.address}: ${v.ruleId} (${v.severity}) ${v.title}`),
    ok,
  );
}

export function unreadable(error: string): Check[] {
  return [{ name: "hcl-parses", passed: false, detail: error }];
}
