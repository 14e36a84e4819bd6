import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { addDays } from "../time";
import { cursor, day, integer, parseInput, text } from "../validation";

/** One metric's statistics for one dimension value over one UTC day. */
export interface CloudwatchDay {
  dimensionName: string;
  dimensionValue: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** The period of the datapoints the day is made of (see readCloudwatchDaily). */
  period: number;
  datapoints: number;
  /** Mean of the datapoints' averages, weighted by their sample counts when every one has one. */
  average: number | null;
  sum: number | null;
  minimum: number | null;
  maximum: number | null;
  sampleCount: number | null;
  unit: string | null;
}

const MAX_DAYS = 400;

const decodeAfter = (value: string) => {
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    return Array.isArray(parsed) && parsed.length === 3 && parsed.every((part) => typeof part === "string")
      ? (parsed as [string, string, string])
      : null;
  } catch {
    return null;
  }
};

const ReadCloudwatchDailyInput = z.object({
  namespace: text(255, 1),
  metric: text(255, 1),
  from: day(),
  to: day(),
  dimensionValues: z.array(text(1024, 1)).max(1000).optional(),
  limit: integer(1, 100_000).default(10_000),
  after: cursor(decodeAfter).optional(),
});

// Per dimension value and day, one period's datapoints: the longest period of at most a day there
// is (a daily datapoint is the day's own statistic), else the shortest longer one (a multi-day
// datapoint counts on the day it starts).
const DAILY = `WITH points AS (
    SELECT dimension_name, dimension_value, (("timestamp" AT TIME ZONE 'UTC')::date)::text AS day, period,
           average, sum, minimum, maximum, sample_count, unit
    FROM cloudwatch_datapoint
    WHERE namespace = $1 AND metric = $2 AND "timestamp" >= $3::date AND "timestamp" < $4::date
      AND ($5::text[] IS NULL OR dimension_value = ANY($5))
      -- The page's keyset before the window: each window is one (dimension, day), so whole days
      -- are skipped and a later page does not recompute the earlier ones.
      AND (dimension_name, dimension_value, (("timestamp" AT TIME ZONE 'UTC')::date)::text) > ($6, $7, $8)
  ), ranked AS (
    -- A window, not a join back to the points: the planner misjudges a CTE joined to itself and
    -- nested-loops 300k × 300k rows.
    SELECT points.*, COALESCE(max(period) FILTER (WHERE period <= 86400) OVER day, min(period) OVER day) AS chosen
    FROM points WINDOW day AS (PARTITION BY dimension_name, dimension_value, day)
  )
  SELECT p.dimension_name AS "dimensionName", p.dimension_value AS "dimensionValue", p.day, p.period,
         count(*)::int AS datapoints,
         CASE WHEN count(*) FILTER (WHERE p.average IS NOT NULL AND p.sample_count > 0) = count(p.average)
                   AND count(p.average) > 0
              THEN sum(p.average * p.sample_count) FILTER (WHERE p.average IS NOT NULL)
                   / sum(p.sample_count) FILTER (WHERE p.average IS NOT NULL)
              ELSE avg(p.average) END AS average,
         sum(p.sum) AS sum, min(p.minimum) AS minimum, max(p.maximum) AS maximum,
         sum(p.sample_count) AS "sampleCount", min(p.unit) AS unit
  FROM ranked p
  WHERE p.period = p.chosen
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3
  LIMIT $9`;

/**
 * A CloudWatch metric's statistics per dimension value and UTC day over [from, to), from the
 * imported get-metric-statistics outputs; a page at a time (pass `next` back as `after`).
 */
export async function readCloudwatchDaily(
  ctx: Ctx,
  input: z.input<typeof ReadCloudwatchDailyInput>,
): Promise<{ items: CloudwatchDay[]; next: string | null }> {
  authorize(ctx, "read");
  const { namespace, metric, from, to, dimensionValues, limit, after } = parseInput(ReadCloudwatchDailyInput, input);
  if (to <= from || to > addDays(from, MAX_DAYS))
    throw new VigilError("bad_request", `to: must be after from and at most ${MAX_DAYS} days later`, { field: "to" });
  const [name, value, afterDay] = after ?? ["", "", ""];
  const { rows } = await pool().query<CloudwatchDay>(DAILY, [
    namespace,
    metric,
    from,
    to,
    dimensionValues ?? null,
    name,
    value,
    afterDay,
    limit,
  ]);
  const last = rows[rows.length - 1];
  const next =
    rows.length === limit
      ? Buffer.from(JSON.stringify([last.dimensionName, last.dimensionValue, last.day])).toString("base64url")
      : null;
  return { items: rows, next };
}
