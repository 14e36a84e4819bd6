import type { Change } from "@/lib/agent/compare-blocks";
import type { Bill, InventoryFact } from "@/lib/agent/load-facts";
import type { Check, Verdict } from "@/lib/agent/schemas";
import { SIZE_ARGUMENT, sizeRatio } from "@/lib/agent/size-ratio";
import { fromScaled, toScaled, units18 } from "@/lib/decimal";

// The saving recomputed from the bill, never taken from the model: what the targets cost over the
// last 30 days, times the share a resize gives up (or all of it for a teardown). A claim above the
// recomputed figure by more than the tolerance, in another currency, or for resources the bill
// does not show, fails; both figures are reported.

const TOLERANCE_PERCENT = 10n;

export interface SavingClaim {
  monthly: string;
  currency: string;
}

/** Cost per currency of the given billed resource ids, in units of 1e-18. */
export function billedCost(bill: Bill, resourceIds: readonly (string | null)[]): Map<string, bigint> {
  const total = new Map<string, bigint>();
  for (const id of new Set(resourceIds)) {
    for (const [currency, cost] of (id && bill.get(id)) || [])
      total.set(currency, (total.get(currency) ?? 0n) + toScaled(cost));
  }
  return total;
}

/** The share of a resource's cost a change saves, in units of 1e-18 of the cost, or null when unknown. */
function savedShare(change: Change): { share: bigint; how: string } | null {
  if (change.action === "delete") return { share: 10n ** 18n, how: "torn down" };
  const argument = SIZE_ARGUMENT[change.type];
  const was = argument && change.before?.[argument];
  const now = argument && change.body?.[argument];
  if (typeof was !== "string" || typeof now !== "string" || was === now) return null;
  const ratio = sizeRatio(was, now);
  if (!ratio) return null;
  const one = 10n ** 18n;
  return { share: one - (one * ratio.numerator) / ratio.denominator, how: `${was} to ${now}` };
}

/** Refactor: per changed resource, its bill times the share its resize saves. */
export function recomputeRefactor(changes: readonly Change[], inventory: readonly InventoryFact[], bill: Bill) {
  const total = new Map<string, bigint>();
  const methods: string[] = [];
  let ceiling = new Map<string, bigint>();
  for (const change of changes) {
    const resources = inventory.filter((r) => r.block === (change.from ?? change.address));
    const cost = billedCost(
      bill,
      resources.flatMap((r) => [r.cloudId, r.arn]),
    );
    ceiling = merge(ceiling, cost, 10n ** 18n);
    const saved = savedShare(change);
    if (!saved) continue;
    methods.push(`${change.address} ${saved.how}`);
    for (const [currency, amount] of cost)
      total.set(currency, (total.get(currency) ?? 0n) + (amount * saved.share) / 10n ** 18n);
  }
  return { total: methods.length ? total : null, ceiling, methods };
}

function merge(into: Map<string, bigint>, add: Map<string, bigint>, share: bigint) {
  const out = new Map(into);
  for (const [currency, amount] of add) out.set(currency, (out.get(currency) ?? 0n) + (amount * share) / 10n ** 18n);
  return out;
}

/**
 * Compares the claim with the recomputed figure (or, when no method prices the change, with the
 * targets' whole bill, which no change can save more than).
 */
export function savingCheck(
  claim: SavingClaim | undefined,
  recomputed: Map<string, bigint> | null,
  ceiling: Map<string, bigint>,
  method: string,
): { check: Check; savings: Verdict["monthlySavings"] } {
  const reference = recomputed ?? ceiling;
  const currency = claim?.currency ?? [...reference.keys()][0] ?? null;
  const figure = currency !== null && reference.has(currency) ? fromScaled(reference.get(currency) as bigint) : null;
  const savings = { claimed: claim?.monthly ?? null, recomputed: recomputed ? figure : null, currency };
  const label = recomputed
    ? `recomputed ${figure ?? "0"} ${currency ?? ""} (${method})`
    : `the targets bill ${figure ?? "nothing"} ${currency ?? ""} a month`;
  if (!claim) return { check: { name: "saving", passed: true, detail: `no saving claimed; ${label}` }, savings };
  const claimed = units18(claim.monthly);
  if (claimed === 0n) return { check: { name: "saving", passed: true, detail: `claims 0; ${label}` }, savings };
  if (!reference.size)
    return {
      check: {
        name: "saving",
        passed: false,
        detail: `claims ${claim.monthly} ${claim.currency} but the bill shows no cost for the targets in the last 30 days`,
      },
      savings,
    };
  if (!reference.has(claim.currency))
    return {
      check: {
        name: "saving",
        passed: false,
        detail: `claims ${claim.currency} but the targets are billed in ${[...reference.keys()].join(", ")}`,
      },
      savings,
    };
  const limit = ((reference.get(claim.currency) as bigint) * (100n + TOLERANCE_PERCENT)) / 100n;
  const passed = claimed <= limit;
  const detail = `claims ${claim.monthly} ${claim.currency}; ${label}${passed ? "" : `: the claim exceeds it by more than ${TOLERANCE_PERCENT}%`}`;
  return { check: { name: "saving", passed, detail }, savings };
}
