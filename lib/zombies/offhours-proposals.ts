import { fromScaled, toScaled } from "@/lib/decimal";
import type { Evidence, Resource } from "@/lib/zombies/evidence";
import { hourlyCostOf, type OffHoursProposal, proposeOffHours } from "@/lib/zombies/offhours";
import { type ResourceFields, resourceFields } from "@/lib/zombies/resource-fields";
import { environmentOf } from "@/lib/zombies/rules/environments";
import { dayWindow } from "@/lib/zombies/rules/window";
import type { Thresholds } from "@/lib/zombies/thresholds";

// Which resources a scan proposes an off-hours schedule for, and at what hourly cost: running
// non-production instances and databases that are no zombie finding (a zombie should go, not
// sleep) and carry no protect tag, with cost lines in the last 30 complete days.

export interface OffHoursRow extends OffHoursProposal, ResourceFields {
  environment: string;
}

/** The state each compute kind is in while it runs (and bills by the hour). */
const RUNNING: Record<string, string> = { "ec2-instance": "running", "rds-instance": "available" };

function isProtected(resource: Resource, tagKey: string): boolean {
  const tag = Object.entries(resource.tags).find(([k]) => k.toLowerCase() === tagKey.toLowerCase())?.[1];
  return tag !== undefined && tag.trim().toLowerCase() !== "false";
}

/**
 * Per currency: the cost over the days of the last 30 complete days it was billed on, per hour of
 * those days. A resource created mid-window is priced by the days it ran, not diluted over 30.
 */
export function hourlyCosts(evidence: Evidence, now: Date): { currency: string; hourlyCost: string }[] {
  const window = dayWindow(30, now);
  const byCurrency = new Map<string, { total: bigint; days: number }>();
  for (const day of window.days) {
    const amounts = Object.hasOwn(evidence.costs, day) ? evidence.costs[day] : {};
    for (const [currency, amount] of Object.entries(amounts)) {
      const units = toScaled(amount);
      if (units === 0n) continue;
      const sum = byCurrency.get(currency) ?? { total: 0n, days: 0 };
      byCurrency.set(currency, { total: sum.total + units, days: sum.days + 1 });
    }
  }
  return [...byCurrency]
    .filter(([, sum]) => sum.total > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, sum]) => ({
      currency,
      hourlyCost: hourlyCostOf(fromScaled(sum.total), sum.days * 24),
    }));
}

/** One proposal per resource and currency, for the month `now` falls in, on the default schedule. */
export function offHoursProposals(
  evidence: readonly Evidence[],
  findings: ReadonlySet<string>,
  thresholds: Thresholds,
  now: Date,
): OffHoursRow[] {
  const rows: OffHoursRow[] = [];
  for (const item of evidence) {
    const { resource } = item;
    if (RUNNING[resource.kind] === undefined || resource.state !== RUNNING[resource.kind]) continue;
    if (findings.has(resource.key) || isProtected(resource, thresholds.protectTagKey)) continue;
    for (const cost of hourlyCosts(item, now)) {
      const proposal = proposeOffHours(resource, cost, thresholds, { now });
      if (!proposal) break;
      rows.push({
        ...proposal,
        ...resourceFields(resource),
        environment: environmentOf(resource)!,
      });
    }
  }
  return rows;
}
