import { type CostLine, NO_COMMITMENT_DISCOUNT, usageDayColumns } from "../costs/schemas";
import { fromScaled, MONEY_SCALE } from "@/lib/decimal";
import { addDays, daysBetween } from "../time";
import { DEMO_ENVIRONMENTS, DEMO_RESOURCES, DEMO_SPIKE, type DemoResource } from "./demo-platform";

export const DEMO_DAYS = 30;

/** The window the demo covers: the DEMO_DAYS full UTC days before `today`. */
export function demoWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -DEMO_DAYS), to: today };
}

/**
 * One cost line per resource, environment and day. Amounts depend only on the resource, the
 * environment and the calendar day, so reloading the demo on the same day gives the same bill.
 */
export function demoCostLines(today: string): CostLine[] {
  const { from, to } = demoWindow(today);
  const lines: CostLine[] = [];
  daysBetween(from, to).forEach((day, dayIndex) => {
    for (const resource of DEMO_RESOURCES) {
      for (const environment of DEMO_ENVIRONMENTS) {
        lines.push(costLine(resource, environment.name, environment.scale, day, dayIndex));
      }
    }
  });
  return lines;
}

function costLine(resource: DemoResource, env: string, scale: number, day: string, dayIndex: number): CostLine {
  const random = seededRandom(`${resource.name}/${env}/${day}`);
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const weekendDip = weekday === 0 || weekday === 6 ? 0.84 : 1;
  const growth = 1 + 0.004 * dayIndex;
  const noise = 0.92 + random() * 0.16;
  const spike =
    resource.name === DEMO_SPIKE.resource && env === DEMO_SPIKE.environment && dayIndex === DEMO_SPIKE.dayIndex
      ? DEMO_SPIKE.factor
      : 1;
  const list = resource.dailyUsd * scale * weekendDip * growth * noise * spike;
  const effective = list * (1 - resource.commitmentDiscount);
  const tags: Record<string, string> = { ...resource.tags, env };
  if (resource.service) tags.service = resource.service;
  if (resource.feature) tags.feature = resource.feature;
  return {
    ...UNSET,
    providerName: resource.provider,
    billingAccountId: resource.account,
    subAccountId: `${resource.account}-${env}`,
    ...usageDayColumns(day),
    // On-demand lines bill at list price; committed usage is billed by the commitment, so its
    // billed cost is the discounted rate as well.
    billedCost: money(effective),
    effectiveCost: money(effective),
    listCost: money(list),
    serviceName: resource.cloudService,
    serviceCategory: resource.category,
    regionId: resource.region,
    resourceId: resourceId(resource, env),
    resourceName: `${resource.name}-${env}`,
    resourceType: resource.type,
    tags,
    extras: {},
  };
}

/** The FOCUS columns the demo bill leaves empty. */
const UNSET = {
  billingAccountName: null,
  subAccountName: null,
  chargeClass: null,
  chargeDescription: null,
  contractedCost: null,
  pricingQuantity: null,
  pricingUnit: null,
  consumedQuantity: null,
  consumedUnit: null,
  skuId: null,
  invoiceId: null,
  ...NO_COMMITMENT_DISCOUNT,
} as const;

/** The id the demo bill and the demo Terraform state both name a resource by. */
export function resourceId(resource: DemoResource, env: string): string {
  const name = `${resource.name}-${env}`;
  if (resource.provider === "AWS")
    return `arn:aws:${resource.type.toLowerCase()}:${resource.region}:${resource.account}:${name}`;
  if (resource.provider === "Google Cloud")
    return `//cloud.google.com/projects/vigil-demo-${env}/${resource.type.toLowerCase()}s/${name}`;
  return `/subscriptions/${resource.account}/resourceGroups/${env}/providers/${resource.type}/${name}`;
}

/** Rounds to 4 decimals, as most billing exports do, then formats exactly. */
function money(amount: number): string {
  const tenThousandths = BigInt(Math.round(amount * 10_000));
  return fromScaled(tenThousandths * 10n ** BigInt(MONEY_SCALE - 4));
}

/** mulberry32 seeded from a string: small, fast, and the same on every machine. */
function seededRandom(seed: string): () => number {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
