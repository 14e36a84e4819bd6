import { z } from "zod";
import { blankAsUnset, day, integer, oneOf, text, timestamp } from "../validation";

/** The dimensions allocated spend is grouped by, and their cost_allocation columns. */
export const GROUPS = {
  provider: "provider_name",
  service: "service_name",
  feature: "feature",
  team: "team",
  env: "environment",
  resource: "resource_id",
  appService: "app_service",
} as const;
export type GroupKey = keyof typeof GROUPS;

const GROUP_KEYS = Object.keys(GROUPS) as [GroupKey, ...GroupKey[]];

/** The explorer draws one bar per day: a year of them at most. */
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const filterValue = (group: string) =>
  z.preprocess(blankAsUnset, text(500, 1).optional()).describe(`Only spend whose ${group} is exactly this`);

/** Spend narrowed to what matches every dimension given (one value each): team=payments AND provider=aws. */
export const CostFilters = z.object({
  provider: filterValue("provider"),
  service: filterValue("cloud service"),
  feature: filterValue("feature (__unallocated__ for none)"),
  team: filterValue("team"),
  env: filterValue("environment"),
  resource: filterValue("resource id"),
  appService: filterValue("app service"),
});
export type CostFilters = z.output<typeof CostFilters>;

/** A query naming a parameter the API does not know (say `teams=`) is refused, not silently ignored. */
const unknownParameter = (issue: { code?: string; keys?: string[] }) =>
  issue.code === "unrecognized_keys" ? `unknown parameter ${issue.keys?.join(", ")}` : undefined;

export const CostSummaryInput = z
  .strictObject(
    {
      from: day(),
      to: day(),
      groupBy: z.preprocess(blankAsUnset, oneOf(GROUP_KEYS).default("feature")),
      metric: z.preprocess(blankAsUnset, oneOf(["billed", "effective"]).default("effective")),
      limit: z.preprocess(blankAsUnset, integer(1, 1000).default(200)),
      offset: z.preprocess(blankAsUnset, integer(0, 100_000).default(0)),
      ...CostFilters.shape,
    },
    { error: unknownParameter },
  )
  .refine((input) => input.from < input.to, { message: "must be after from", path: ["to"] });
export type CostSummaryInput = z.input<typeof CostSummaryInput>;

export interface CostByKey {
  key: string;
  /** Exact decimal, as a string. */
  cost: string;
}

/** Rows of the breakdown per page once "other" is expanded. */
export const BREAKDOWN_PAGE = 50;

export const CostExplorerInput = z
  .object({
    from: day(),
    to: day(),
    groupBy: oneOf(GROUP_KEYS).default("feature"),
    metric: oneOf(["billed", "effective"]).default("effective"),
    ...CostFilters.shape,
    /** Every key of the breakdown, a page at a time, instead of the largest and "other". */
    expand: z.boolean().default(false),
    page: z.preprocess(blankAsUnset, integer(0, 10_000).default(0)),
  })
  .refine((input) => input.from < input.to, { message: "must be after from", path: ["to"] })
  .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= MAX_DAYS * DAY_MS, {
    message: `the window may be at most ${MAX_DAYS} days`,
    path: ["to"],
  });
export type CostExplorerInput = z.input<typeof CostExplorerInput>;

/** The Costs page's breakdown as CSV: the page's own view, with its window as days. */
export const ExportBreakdownInput = z
  .strictObject(
    {
      from: day(),
      to: day(),
      groupBy: z.preprocess(blankAsUnset, oneOf(GROUP_KEYS).default("feature")),
      metric: z.preprocess(blankAsUnset, oneOf(["billed", "effective"]).default("effective")),
      ...CostFilters.shape,
      expand: z.preprocess(blankAsUnset, oneOf(["0", "1"]).default("0")),
      page: z.preprocess(blankAsUnset, integer(0, 10_000).default(0)),
    },
    { error: unknownParameter },
  )
  .refine((input) => input.from < input.to, { message: "must be after from", path: ["to"] });
export type ExportBreakdownInput = z.input<typeof ExportBreakdownInput>;

export interface CostDay {
  day: string;
  byKey: Record<string, string>;
  total: string;
  requests: number;
  /** Cost per 1,000 entry requests that day, or null without requests. */
  unitCost: string | null;
}

export interface Mover {
  key: string;
  lastWeek: string;
  weekBefore: string;
  change: string;
  /** The change as a percentage of the week before, or null when that week had no spend. */
  changePercent: number | null;
}

export interface BreakdownRow {
  key: string;
  cost: string;
  /** Share of the window's total in percent, or null when nothing was spent. */
  percent: number | null;
  /** Entry requests and cost per 1,000 of them, for the groupings telemetry knows; else null. */
  requests: number | null;
  unitCost: string | null;
}

export interface CostExplorer {
  from: string;
  to: string;
  groupBy: GroupKey;
  metric: "billed" | "effective";
  filters: CostFilters;
  keys: string[];
  days: CostDay[];
  total: string;
  /** The total over the days that have spend (a 90-day window with 31 days of data divides by 31). */
  averagePerDay: string;
  daysWithData: number;
  /** Spend with no feature, whatever the grouping. */
  unallocated: string;
  /** The unallocated share of the total in percent, or null when nothing was spent. */
  unallocatedPercent: number | null;
  /** Cost per 1,000 entry requests over the last 7 days with spend, or null without requests. */
  unitCostLastWeek: string | null;
  breakdown: BreakdownRow[];
  /** How many keys the breakdown has in all, for paging it once expanded. */
  breakdownKeys: number;
  expand: boolean;
  page: number;
  movers: Mover[];
  /** Entry requests per key over the window, for the groupings telemetry knows (feature, app service). */
  requestsByKey: Record<string, number> | null;
  /** False when a filter telemetry can not narrow (team, provider, cloud service, resource): no unit cost then. */
  requestsKnown: boolean;
  lastAllocatedAt: string | null;
}

/** A feature key as cost tags and span attributes carry it, and the window of days to show. */
export const FeatureCostsInput = z
  .object({ feature: text(200, 1), from: day(), to: day(), today: day() })
  .refine((input) => input.from < input.to, { message: "must be after from", path: ["to"] })
  .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= MAX_DAYS * DAY_MS, {
    message: `the window may be at most ${MAX_DAYS} days`,
    path: ["to"],
  });

export type AllocationMethod = "tag" | "telemetry" | "unallocated";

/** Why a telemetry split gave a feature its share, stored with every split row. */
export interface AllocationWeight {
  basis: "requests" | "duration";
  service: string;
  day: string;
  environment: string | null;
  /** This feature's requests (or span nanoseconds) and the service's total, as decimal strings. */
  units: string;
  total: string;
  share: string;
}

export interface AllocateResult {
  from: string;
  to: string;
  lines: number;
  rows: number;
  byMethod: Record<AllocationMethod, number>;
}

export interface MonthForecast {
  month: string;
  monthToDate: string;
  projected: string;
  /** The 95 % range of the month-end spend, when a model (not a run rate) made the projection. */
  lower?: string;
  upper?: string;
  /** Which projection: lib/forecasts' seasonal model, or the run rate while it learns. */
  model?: "seasonal" | "run-rate";
  method: string;
}

export interface FeatureSource {
  providerName: string;
  serviceName: string;
  resourceId: string;
  appService: string;
  method: AllocationMethod;
  cost: string;
  /** For a telemetry split: the feature's share of the service's requests, averaged over the days. */
  explanation: string;
}

export interface FeatureCosts {
  feature: string;
  name: string | null;
  team: string | null;
  from: string;
  to: string;
  cost: string;
  requests: number;
  unitCost: string | null;
  days: { day: string; cost: string; requests: number }[];
  sources: FeatureSource[];
  forecast: MonthForecast | null;
}

export const CreateBudgetInput = z.object({
  scope: z.enum(["feature", "team"]),
  key: text(200, 1)
    .transform((key) => key.trim())
    .pipe(z.string().min(1, "must not be blank")),
  monthlyAmount: z.string().regex(/^\d{1,20}(\.\d{1,2})?$/, "a positive amount in dollars, like 12000 or 12000.50"),
  metric: z.enum(["effective", "billed"]).default("effective"),
  thresholdPercent: z.preprocess(blankAsUnset, integer(1, 100).default(80)),
});
export type CreateBudgetInput = z.input<typeof CreateBudgetInput>;

export type BudgetState = "ok" | "threshold" | "forecast_breach" | "breach";

export interface BudgetStatus {
  id: string;
  scope: "feature" | "team";
  key: string;
  monthlyAmount: string;
  metric: "effective" | "billed";
  thresholdPercent: number;
  forecast: MonthForecast;
  /** Month to date as a share of the budget, 0-100+. */
  usedPercent: number;
  status: BudgetState;
}

export const ListCostAlertsInput = z.object({
  limit: z.preprocess(blankAsUnset, integer(1, 200).default(50)),
  /** The `nextBefore` of the previous page. */
  before: z.preprocess(blankAsUnset, timestamp().optional()),
});
export type ListCostAlertsInput = z.input<typeof ListCostAlertsInput>;

export interface CostAlertRow {
  id: string;
  kind: string;
  month: string;
  message: string;
  scope: string;
  key: string;
  raisedAt: string;
}
