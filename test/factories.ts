import { randomBytes } from "node:crypto";
import { type Ctx, type Role, userCtx } from "@/lib/context";
import type { CostLineInput } from "@/lib/costs/schemas";
import { addDays } from "@/lib/time";

/** A name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** A UTC day of its own far in the past, so day-based rollups of parallel tests never overlap. */
export function uniqueDay(): string {
  return addDays("1990-01-01", randomBytes(3).readUIntBE(0, 3) % 3000);
}

export function costLine(day: string, overrides: Partial<CostLineInput> = {}): CostLineInput {
  return {
    providerName: "AWS",
    billingAccountId: "111122223333",
    chargeCategory: "Usage",
    chargePeriodStart: `${day}T00:00:00Z`,
    chargePeriodEnd: `${addDays(day, 1)}T00:00:00Z`,
    billedCost: "1.00",
    effectiveCost: "1.00",
    listCost: "1.00",
    serviceName: "Amazon Elastic Compute Cloud",
    tags: {},
    ...overrides,
  };
}

/** A signed-in person of the given role, for calling verbs directly. */
export function roleCtx(role: Role): Ctx {
  return userCtx({ id: `test-${role}`, email: `${role}@test.vigil.local`, role });
}
