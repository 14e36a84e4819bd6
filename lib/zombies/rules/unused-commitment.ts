import { addDecimal, toScaled, units18 } from "@/lib/decimal";
import type { Evidence } from "@/lib/zombies/evidence";
import type { EvidenceItem, Finding } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { dayWindow } from "@/lib/zombies/rules/window";

interface Usage {
  used: string;
  unused: string;
  days: number;
}

function usageByCurrency(evidence: Evidence, from: string, to: string): Map<string, Usage> {
  const byCurrency = new Map<string, Usage>();
  for (const [day, currencies] of Object.entries(evidence.commitment ?? {})) {
    if (day < from || day >= to) continue;
    for (const [currency, { used, unused }] of Object.entries(currencies)) {
      const sum = byCurrency.get(currency) ?? { used: "0", unused: "0", days: 0 };
      byCurrency.set(currency, {
        used: addDecimal(sum.used, used),
        unused: addDecimal(sum.unused, unused),
        days: sum.days + 1,
      });
    }
  }
  return byCurrency;
}

/** used ÷ (used + unused) in percent to 2 places, for display; the comparison itself is exact. */
function percent(used: bigint, all: bigint): number {
  return Number((used * 10_000n + all / 2n) / all) / 100;
}

/**
 * FOCUS commitment utilisation: Used effective cost ÷ (Used + Unused) over the last N days, per
 * billing currency (never summed across currencies), flagged under the configured percent.
 */
export function unusedCommitment(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource } = evidence;
  if (resource.kind !== "commitment") return null;
  const { minUtilisationPercent, days } = thresholds.unusedCommitment;
  const window = dayWindow(days, now);
  const range = { from: window.from, to: window.to };
  const limit = units18(String(minUtilisationPercent));
  const under: EvidenceItem[] = [];
  let fewestDays = days;
  for (const [currency, usage] of usageByCurrency(evidence, window.from, window.to)) {
    const used = toScaled(usage.used);
    const all = used + toScaled(usage.unused);
    if (all <= 0n || used * 100n * 10n ** 18n >= limit * all) continue;
    fewestDays = Math.min(fewestDays, usage.days);
    under.push(
      {
        name: `utilisation-percent:${currency}`,
        value: percent(used, all),
        unit: "%",
        op: "lt",
        threshold: minUtilisationPercent,
        window: range,
      },
      { name: `unused-cost:${currency}`, value: usage.unused, unit: currency, window: range },
      { name: `used-cost:${currency}`, value: usage.used, unit: currency, window: range },
    );
  }
  if (under.length === 0) return null;
  const confidence = fewestDays >= days ? "high" : fewestDays * 2 >= days ? "medium" : "low";
  return {
    rule: "unused-commitment",
    resourceKey: resource.key,
    confidence,
    confidenceReason: `usage lines on ${fewestDays} of ${days} days`,
    summary: `Commitment ${resource.name ?? resource.resourceId} was ${under[0].value}% used over the last ${days} days (under ${minUtilisationPercent}%).`,
    evidence: under,
    window: range,
    notes: [],
  };
}
