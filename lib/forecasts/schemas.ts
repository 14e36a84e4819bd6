import { z } from "zod";
import { blankAsUnset, cursor, integer, text } from "../validation";

// The forecasts' inputs and views: request rates per service and environment, cost per feature,
// capacity warnings and the one setting (the margin above the last 30 days' highest hour).

/** A cursor is the last item's key, base64url-encoded JSON of one to two names. */
export function encodeKey(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export function decodeKey(value: string, size: number): string[] | null {
  try {
    const parts: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parts) || parts.length !== size) return null;
    return parts.every((part) => typeof part === "string" && text(200, 1).safeParse(part).success)
      ? (parts as string[])
      : null;
  } catch {
    return null;
  }
}

/** A forecast carries ~1,000 points, so a page holds a few. */
const forecastLimit = () => integer(1, 20).default(5).describe("Forecasts per page (1 to 20, default 5)");
const name = (what: string) => z.preprocess(blankAsUnset, text(200, 1).optional().describe(what));
/** "What if" the margin were this: the stored one when left out. */
const margin = () =>
  z.preprocess(
    blankAsUnset,
    integer(0, 1000).optional().describe("Judge capacity at this margin (0 to 1000 %) instead of the configured one"),
  );

export const ServiceForecastsInput = z.object({
  service: name("Only this service"),
  environment: name("Only this environment"),
  margin: margin(),
  limit: z.preprocess(blankAsUnset, forecastLimit()),
  cursor: z.preprocess(blankAsUnset, cursor((value) => decodeKey(value, 2)).optional()),
});
export type ServiceForecastsInput = z.input<typeof ServiceForecastsInput>;

export const FeatureForecastsInput = z.object({
  feature: name("Only this feature"),
  currency: z.preprocess(
    blankAsUnset,
    z
      .string({ error: "must be an ISO 4217 code such as USD" })
      .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")
      .optional(),
  ),
  limit: z.preprocess(blankAsUnset, forecastLimit()),
  cursor: z.preprocess(blankAsUnset, cursor((value) => decodeKey(value, 1)).optional()),
});
export type FeatureForecastsInput = z.input<typeof FeatureForecastsInput>;

export const CapacityWarningsInput = z.object({ environment: name("Only this environment"), margin: margin() });
export type CapacityWarningsInput = z.input<typeof CapacityWarningsInput>;

export const DEFAULT_MARGIN_PERCENT = 20;

export const ForecastSettingsInput = z
  .object({
    capacityMarginPercent: integer(0, 1000).describe(
      "Warn when a forecast passes the highest hour of the last 30 days by this many percent (0 to 1000)",
    ),
  })
  .strict();
export type ForecastSettingsInput = z.input<typeof ForecastSettingsInput>;

/** One future step: the expected value and its 80 % and 95 % prediction intervals. */
export interface ForecastPoint {
  t: string;
  expected: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface CapacityWarning {
  service: string;
  environment: string;
  /** "expected": the expected rate passes the threshold; "possible": only the 95 % upper bound does. */
  level: "expected" | "possible";
  /** Highest hourly requests in the last 30 days, and that times (1 + margin). */
  highest: number;
  threshold: number;
  marginPercent: number;
  /** First hour the expected rate passes the threshold (null for "possible"). */
  expectedAt: string | null;
  /** First hour the 95 % upper bound passes it. */
  upperAt: string;
  /** The highest expected hourly rate in the horizon. */
  peakExpected: number;
}

/** How close a service's forecast comes to its 30-day high: the peak expected hour as a share of it. */
export interface Headroom {
  service: string;
  environment: string;
  highest: number;
  peakExpected: number;
  /** peakExpected / highest, in percent (120 = 20 % above the 30-day high). */
  peakPercent: number;
}

export interface ServiceForecast {
  service: string;
  environment: string;
  state: "ready" | "learning";
  /** Requests per hour, complete hours of the last 28 days (null: no data that hour). */
  history: { t: string; value: number | null }[];
  points: ForecastPoint[];
  /** Daily change of the level, as a fraction (0.01 = +1 % a day). */
  trendPerDay: number;
  highest: number;
  capacity: CapacityWarning | null;
}

/** A day's forecast cost as exact decimal strings rounded to cents. */
export interface CostPoint {
  day: string;
  expected: string;
  lower80: string;
  upper80: string;
  lower95: string;
  upper95: string;
}

export interface FeatureForecast {
  feature: string;
  currency: string;
  state: "ready" | "learning";
  /** "day-of-week" with four weeks of history, else weekdays against weekends. */
  weekly: "day-of-week" | "day-type";
  history: { day: string; cost: string }[];
  points: CostPoint[];
  /** Sum of the 14 expected days, and of each bound (bounds summed: a cautious range). */
  total: { expected: string; lower95: string; upper95: string } | null;
}
