import type { Ctx } from "../context";
import { allocatePendingImports } from "../costs/allocate-import";
import { addDays, utcDay } from "../time";
import { allocateCosts } from "./allocate-costs";
import type { AllocateResult } from "./schemas";

/** Days a late export or late spans may still change: reallocated on every run. */
export const REALLOCATION_DAYS = 35;

export interface RecentAllocation {
  allocations: AllocateResult[];
  /** Imports whose own allocation had failed or never ran, allocated now or failed again. */
  imports: { allocated: string[]; failed: string[] };
}

/**
 * The worker's allocation: the last REALLOCATION_DAYS days, for the spans that arrived since
 * (an import allocates its own days when it commits), then any import whose own allocation failed.
 */
export async function allocateRecent(ctx: Ctx): Promise<RecentAllocation> {
  const tomorrow = addDays(utcDay(new Date()), 1);
  const allocations = [await allocateCosts(ctx, { from: addDays(tomorrow, -REALLOCATION_DAYS), to: tomorrow })];
  return { allocations, imports: await allocatePendingImports() };
}
