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

export interface Overview {
  window: { from: string; to: string; days: number };
  totalSpend: string;
  services: OverviewService[];
  /** Every service key seen in the window, largest spend first, `__unallocated__` last. */
  spendKeys: string[];
  spendByDay: SpendDay[];
  lastRollupAt: string | null;
}
