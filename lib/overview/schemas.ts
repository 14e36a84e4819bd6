import { z } from "zod";
import { blankAsUnset, integer, oneOf } from "../validation";

export const GetOverviewInput = z.object({
  days: z
    .preprocess(blankAsUnset, integer(1, 90).default(30))
    .describe("Complete UTC days ending yesterday, as on the Costs page"),
  metric: z
    .preprocess(blankAsUnset, oneOf(["effective", "billed"]).default("effective"))
    .describe("effective (amortized, the Costs page's default) or billed cost"),
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

/** One period's key figures, computed the same way for the window and the one before it. */
export interface PeriodFigures {
  from: string;
  to: string;
  total: string;
  /** The total over the days that have spend. */
  averagePerDay: string;
  /** Spend no tag rule or telemetry gives to a feature, in percent of the total; null without spend. */
  unallocatedPercent: number | null;
  servicesWithSpend: number;
  /** Days with allocated spend: a period before the first bill has none, and compares with nothing. */
  daysWithSpend: number;
}

/** This month so far against the same days of the month before, its run-rate forecast and the budgets. */
export interface MonthToDate {
  month: string;
  /** Complete days of the month, ending yesterday. */
  days: number;
  spent: string;
  /** The same number of days at the start of the month before, [from, to), and how many had spend. */
  previous: { from: string; to: string; spent: string; daysWithSpend: number };
  projected: string;
  forecastMethod: string;
  budgets: BudgetSummary;
}

export interface BudgetSummary {
  count: number;
  onTrack: number;
  /** Forecast over the budget or past the threshold share, not yet over. */
  atRisk: number;
  over: number;
  /** Team budgets summed (teams do not overlap); each in its own metric. Null without team budgets. */
  teams: { spent: string; limit: string; projected: string } | null;
}

/**
 * The allocation's cost by application service over complete days, in the Costs page's metric, so
 * every figure matches GET /api/v1/costs/summary over the same window and metric.
 */
export interface Overview {
  window: { from: string; to: string; days: number };
  metric: "effective" | "billed";
  /** The chart's total: current.total, from the same read. */
  totalSpend: string;
  /** The same figures over the same number of days just before the window. */
  current: PeriodFigures;
  previous: PeriodFigures;
  month: MonthToDate;
  services: OverviewService[];
  /** Every service key seen in the window, largest spend first, NO_SERVICE last. */
  spendKeys: string[];
  spendByDay: SpendDay[];
  lastAllocatedAt: string | null;
}
