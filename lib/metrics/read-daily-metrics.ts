import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput, text } from "../validation";
import { dailyMetricsSql, resourcePageSql } from "./daily-metrics-sql";

const MAX_DAYS = 400;

const schema = z
  .object({
    metrics: z.array(text(255, 1)).min(1).max(50),
    from: z.date(),
    to: z.date(),
    /** Point attributes that must match: each key's value one of those given. */
    where: z.record(text(255, 1), z.array(text(1000)).min(1).max(100)).optional(),
    /** Only these resources. */
    resourceIds: z.array(text(2000, 1)).min(1).max(10_000).optional(),
    /** The page: resources after this one (by resource id), at most maxResources of them. */
    afterResourceId: text(2000).default(""),
    maxResources: z.number().int().min(1).max(10_000).default(1000),
  })
  .refine((input) => input.to > input.from, { path: ["to"], message: "must be after from" })
  .refine((input) => input.to.getTime() - input.from.getTime() <= MAX_DAYS * 86_400_000, {
    path: ["to"],
    message: `must be at most ${MAX_DAYS} days after from`,
  })
  .refine((input) => Object.keys(input.where ?? {}).length <= 20, { path: ["where"], message: "at most 20 keys" });

export type ReadDailyMetricsInput = z.input<typeof schema>;

export interface DailyMetricRow {
  resourceId: string;
  serviceName: string | null;
  metric: string;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  /** sum / count: the mean value (gauges, sums) or observation (histograms); null with no observations. */
  avg: number | null;
  min: number | null;
  max: number | null;
  sum: number;
  /** Points (gauges, sums) or observations (histograms, summaries). */
  count: number;
  /** Sums: the day's increase (delta or cumulative, reset-safe); histograms: of the count; gauges: null. */
  increase: number | null;
}

export interface DailyMetrics {
  rows: DailyMetricRow[];
  /** Pass as afterResourceId for the next page; null when this page holds the last resource. */
  nextAfterResourceId: string | null;
}

interface Row {
  resource_id: string;
  service_name: string | null;
  metric: string;
  day: string;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  increase: number | null;
}

/**
 * Per resource, metric and UTC day over [from, to): the points of the metrics' series whose point
 * attributes match `where`. A day with no points has no row: a stopped instance sending nothing
 * is not an idle one.
 */
export async function readDailyMetrics(ctx: Ctx, input: ReadDailyMetricsInput): Promise<DailyMetrics> {
  authorize(ctx, "read");
  const { metrics, from, to, where, resourceIds, afterResourceId, maxResources } = parseInput(schema, input);
  const matching: unknown[] = [];
  const conditions = Object.entries(where ?? {}).map(([key, values], i) => {
    matching.push(key, values);
    return `m.attributes ->> $${5 + 2 * i} = ANY($${6 + 2 * i}::text[])`;
  });
  const page = await pool().query<{ resource_id: string }>(resourcePageSql(conditions), [
    metrics,
    resourceIds ?? null,
    afterResourceId,
    maxResources + 1,
    ...matching,
  ]);
  const resources = page.rows.map((row) => row.resource_id);
  const more = resources.length > maxResources;
  if (more) resources.pop();
  const { rows } = await pool().query<Row>(dailyMetricsSql(conditions), [metrics, from, to, resources, ...matching]);
  return {
    rows: rows.map((row) => ({
      resourceId: row.resource_id,
      serviceName: row.service_name,
      metric: row.metric,
      day: row.day,
      avg: row.count > 0 ? row.sum / row.count : null,
      min: row.min,
      max: row.max,
      sum: row.sum,
      count: row.count,
      increase: row.increase,
    })),
    nextAfterResourceId: more ? resources[resources.length - 1] : null,
  };
}
