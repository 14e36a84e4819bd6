import { fromScaled, MONEY_SCALE } from "@/lib/decimal";
import { type CostLine, NO_COMMITMENT_DISCOUNT, usageDayColumns } from "../costs/schemas";
import { addDays, daysBetween } from "../time";
import { demoWindow } from "./demo-cost-lines";
import {
  DEMO_ZOMBIE_RESOURCES,
  type DemoZombieResource,
  SANDBOX_ACCOUNT,
  SANDBOX_REGION,
  SAVINGS_PLAN,
} from "./demo-zombie-resources";

// The sandbox account's FOCUS bill over the demo's 30 days: one line per billed resource and day,
// and the savings plan as FOCUS shows a no-upfront plan: a recurring Purchase line of the day's
// commitment (billed, no effective cost), the covered usage as Used lines (effective cost at the
// plan's rate, nothing billed) and the rest of the commitment as one Unused line.

const COMMITMENT = {
  commitmentDiscountId: SAVINGS_PLAN.id,
  commitmentDiscountName: SAVINGS_PLAN.name,
  commitmentDiscountCategory: "Spend",
  commitmentDiscountType: "Savings Plan",
  commitmentDiscountUnit: "USD",
};

const UNSET = {
  billingAccountName: "Vigil demo sandbox",
  subAccountName: "sandbox",
  chargeClass: null,
  contractedCost: null,
  skuId: null,
  invoiceId: null,
} as const;

/** Rounds to 4 decimals, as most billing exports do, then formats exactly. */
function money(amount: number): string {
  return fromScaled(BigInt(Math.round(amount * 10_000)) * 10n ** BigInt(MONEY_SCALE - 4));
}

function base(day: string) {
  return {
    ...UNSET,
    ...NO_COMMITMENT_DISCOUNT,
    ...usageDayColumns(day),
    providerName: "AWS",
    billingAccountId: SANDBOX_ACCOUNT,
    subAccountId: SANDBOX_ACCOUNT,
    regionId: SANDBOX_REGION,
    extras: {},
  };
}

function usageLine(resource: DemoZombieResource, day: string): CostLine {
  const list = money(resource.dailyUsd);
  const effective = resource.committed ? money(resource.dailyUsd * SAVINGS_PLAN.rate) : list;
  const { usage } = resource;
  return {
    ...base(day),
    chargeDescription: `${usage.serviceName} ${usage.type} ${resource.name}`,
    billedCost: resource.committed ? "0" : list,
    effectiveCost: effective,
    listCost: list,
    pricingQuantity: String(usage.quantity),
    pricingUnit: usage.unit,
    consumedQuantity: String(usage.quantity),
    consumedUnit: usage.unit,
    serviceName: usage.serviceName,
    serviceCategory: usage.category,
    resourceId: resource.id,
    resourceName: resource.name,
    resourceType: usage.type,
    ...(resource.committed
      ? { ...COMMITMENT, commitmentDiscountStatus: "Used", commitmentDiscountQuantity: effective }
      : {}),
    tags: resource.tags,
  };
}

function commitmentLines(day: string, used: number): CostLine[] {
  const plan = {
    ...base(day),
    serviceName: "AWS Savings Plans",
    serviceCategory: "Compute",
    pricingQuantity: "24",
    pricingUnit: "Hours",
    consumedQuantity: null,
    consumedUnit: null,
    resourceType: "AWS::SavingsPlans::SavingsPlan",
    resourceName: SAVINGS_PLAN.name,
    listCost: "0",
    tags: {},
    ...COMMITMENT,
  };
  const unused = money(SAVINGS_PLAN.dailyCommitment - used);
  return [
    {
      ...plan,
      chargeCategory: "Purchase",
      chargeDescription: "Savings Plan recurring fee",
      billedCost: money(SAVINGS_PLAN.dailyCommitment),
      effectiveCost: "0",
      resourceId: SAVINGS_PLAN.id,
      commitmentDiscountStatus: null,
      commitmentDiscountQuantity: null,
    },
    {
      ...plan,
      chargeDescription: "Savings Plan unused commitment",
      billedCost: "0",
      effectiveCost: unused,
      resourceId: null,
      commitmentDiscountStatus: "Unused",
      commitmentDiscountQuantity: unused,
    },
  ];
}

/** The sandbox bill for the demo's window: the same lines for the same `today`. */
export function demoZombieCostLines(today: string): CostLine[] {
  const { from, to } = demoWindow(today);
  const billed = DEMO_ZOMBIE_RESOURCES.filter((r) => r.dailyUsd > 0);
  return daysBetween(from, to).flatMap((day) => {
    const existing = billed.filter((r) => day >= addDays(today, -r.createdDaysAgo));
    const lines = existing.map((resource) => usageLine(resource, day));
    const used = existing
      .filter((r) => r.committed)
      .reduce((sum, r) => sum + Number(money(r.dailyUsd * SAVINGS_PLAN.rate)), 0);
    return [...lines, ...commitmentLines(day, used)];
  });
}
