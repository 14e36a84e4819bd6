import type { Ctx } from "../context";
import { pool } from "../db";
import { readCloudwatchDaily } from "../cloud-inventory/read-cloudwatch-daily";
import { readDailyMetrics } from "../metrics/read-daily-metrics";
import type { DailyStat, MetricSeries } from "./evidence";

// Daily metrics by the id they were reported for, under the names the rules read: CloudWatch's own
// names from the AWS CLI imports (CPUUtilization, NetworkIn, RequestCount, DatabaseConnections,
// VolumeConsumedReadWriteOps…) and the OpenTelemetry Collector's hostmetrics from the OTLP
// receiver: system.cpu.utilization as the busy share (1 − idle), system.network.io as NetworkIn /
// NetworkOut bytes a day, so an instance reporting either way meets the same rule.

type Metrics = Map<string, MetricSeries>;

function put(metrics: Metrics, id: string, metric: string, day: string, stat: DailyStat) {
  const series = metrics.get(id) ?? {};
  (series[metric] ??= {})[day] = stat;
  metrics.set(id, series);
}

async function cloudwatch(ctx: Ctx, metrics: Metrics, from: string, to: string) {
  const { rows } = await pool().query<{ namespace: string; metric: string }>(
    `SELECT DISTINCT namespace, metric FROM cloudwatch_datapoint WHERE "timestamp" >= $1::date AND "timestamp" < $2::date`,
    [from, to],
  );
  for (const { namespace, metric } of rows) {
    let after: string | undefined;
    do {
      const page = await readCloudwatchDaily(ctx, { namespace, metric, from, to, limit: 100_000, after });
      for (const d of page.items) {
        const avg = d.average ?? (d.sum !== null && d.sampleCount ? d.sum / d.sampleCount : null);
        if (avg === null && d.maximum === null && d.sum === null) continue;
        put(metrics, d.dimensionValue, metric, d.day, {
          avg: avg ?? d.maximum ?? 0,
          max: d.maximum ?? avg ?? 0,
          sum: d.sum ?? 0,
          count: d.sampleCount ?? d.datapoints,
        });
      }
      after = page.next ?? undefined;
    } while (after);
  }
}

async function otlp(ctx: Ctx, metrics: Metrics, from: Date, to: Date) {
  const reads: { metric: string; where: Record<string, string[]>; as: string }[] = [
    { metric: "system.cpu.utilization", where: { state: ["idle"] }, as: "system.cpu.utilization" },
    { metric: "system.network.io", where: { direction: ["receive"] }, as: "NetworkIn" },
    { metric: "system.network.io", where: { direction: ["transmit"] }, as: "NetworkOut" },
  ];
  for (const read of reads) {
    let afterResourceId = "";
    do {
      const page = await readDailyMetrics(ctx, {
        metrics: [read.metric],
        from,
        to,
        where: read.where,
        afterResourceId,
        maxResources: 10_000,
      });
      for (const row of page.rows) {
        if (row.avg === null) continue;
        const stat =
          read.as === "system.cpu.utilization"
            ? { avg: 1 - row.avg, max: 1 - (row.min ?? row.avg), sum: row.count - row.sum, count: row.count }
            : { avg: row.avg, max: row.max ?? row.avg, sum: row.increase ?? 0, count: row.count };
        put(metrics, row.resourceId, read.as, row.day, stat);
      }
      afterResourceId = page.nextAfterResourceId ?? "";
    } while (afterResourceId);
  }
}

/** Every resource's daily metrics in [from, to), keyed by the id they were reported under. */
export async function loadMetrics(ctx: Ctx, from: Date, to: Date): Promise<Metrics> {
  const metrics: Metrics = new Map();
  await cloudwatch(ctx, metrics, from.toISOString().slice(0, 10), to.toISOString().slice(0, 10));
  await otlp(ctx, metrics, from, to);
  return metrics;
}
