import { z } from "zod";
import { blankAsUnset, integer } from "../validation";

export const GetOverviewInput = z.object({
  days: z.preprocess(blankAsUnset, integer(1, 90).default(30)).describe("Days of spend up to yesterday (UTC)"),
});
export type GetOverviewInput = z.input<typeof GetOverviewInput>;

export interface OverviewService {
  name: string;
  team: string;
  tier: string;
  environments: string[];
  spend: string;
}

export interface SpendDay {
  day: string;
  total: string;
  byService: Record<string, string>;
}

/** Billed cost from the allocation, so every figure matches GET /api/v1/costs/summary over the same window. */
export interface Overview {
  window: { from: string; to: string; days: number };
  totalSpend: string;
  averagePerDay: string;
  /** Billed cost no tag rule or telemetry gives to a feature, in percent of the total; null without spend. */
  unallocatedPercent: number | null;
  services: OverviewService[];
  /** Every service key seen in the window, largest spend first, `__unallocated__` last. */
  spendKeys: string[];
  spendByDay: SpendDay[];
  lastAllocatedAt: string | null;
}
