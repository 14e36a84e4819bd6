import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { withSpan } from "../telemetry";
import type { CloudwatchSeries } from "./schemas";

export interface ImportCloudwatchResult {
  importId: string;
  namespace: string;
  metric: string;
  dimension: string;
  period: number;
  periodSource: CloudwatchSeries["periodSource"];
  datapoints: number;
  added: number;
  changed: number;
}

// A datapoint already stored keeps the statistics this output lacks (Average now, Maximum in an
// earlier call) and takes the ones it has; an identical one is not touched.
const UPSERT = `INSERT INTO cloudwatch_datapoint AS d (namespace, metric, dimension_name, dimension_value, period,
    "timestamp", average, sum, minimum, maximum, sample_count, unit)
  SELECT $1, $2, $3, $4, $5, p.timestamp, p.average, p.sum, p.minimum, p.maximum, p.sample_count, p.unit
  FROM jsonb_to_recordset($6::jsonb) AS p("timestamp" timestamptz, average float8, sum float8, minimum float8,
    maximum float8, sample_count float8, unit text)
  ON CONFLICT (namespace, metric, dimension_name, dimension_value, period, "timestamp") DO UPDATE SET
    average = COALESCE(EXCLUDED.average, d.average), sum = COALESCE(EXCLUDED.sum, d.sum),
    minimum = COALESCE(EXCLUDED.minimum, d.minimum), maximum = COALESCE(EXCLUDED.maximum, d.maximum),
    sample_count = COALESCE(EXCLUDED.sample_count, d.sample_count), unit = COALESCE(EXCLUDED.unit, d.unit)
  WHERE (d.average, d.sum, d.minimum, d.maximum, d.sample_count, d.unit) IS DISTINCT FROM
    (COALESCE(EXCLUDED.average, d.average), COALESCE(EXCLUDED.sum, d.sum), COALESCE(EXCLUDED.minimum, d.minimum),
     COALESCE(EXCLUDED.maximum, d.maximum), COALESCE(EXCLUDED.sample_count, d.sample_count), COALESCE(EXCLUDED.unit, d.unit))
  RETURNING (xmax = 0) AS inserted`;
const LOG = `INSERT INTO cloud_inventory_import (provider, command, region, account, count, detail, imported_by, imported_at)
  VALUES ('aws', 'cloudwatch-get-metric-statistics', NULL, NULL, $1, $2::jsonb, $3, now()) RETURNING id`;

/**
 * Stores one get-metric-statistics output: its datapoints upserted by metric, dimension, period
 * and timestamp, logged and audited in one transaction. Read only once the caller may import.
 */
export async function importCloudwatchStatistics(
  ctx: Ctx,
  input: { read: () => Promise<CloudwatchSeries> },
): Promise<ImportCloudwatchResult> {
  authorize(ctx, "ingest:iac");
  const s = await input.read();
  const dimension = `${s.dimensionName}=${s.dimensionValue}`;
  const points = s.datapoints.map((p) => ({
    timestamp: p.timestamp,
    average: p.average,
    sum: p.sum,
    minimum: p.minimum,
    maximum: p.maximum,
    sample_count: p.sampleCount,
    unit: p.unit,
  }));
  return withSpan("importCloudwatchStatistics", { "vigil.cloudwatch.datapoints": points.length }, () =>
    sqlTransaction(async (client) => {
      const params = [s.namespace, s.metric, s.dimensionName, s.dimensionValue, s.period, JSON.stringify(points)];
      const { rows } = await client.query<{ inserted: boolean }>(UPSERT, params);
      const added = rows.filter((row) => row.inserted).length;
      const counts = { added, changed: rows.length - added };
      const detail = {
        namespace: s.namespace,
        metric: s.metric,
        dimension,
        period: s.period,
        periodSource: s.periodSource,
        ...counts,
      };
      const logged = await client.query<{ id: string }>(LOG, [points.length, JSON.stringify(detail), ctx.actor.label]);
      const importId = logged.rows[0].id;
      await recordAudit(client, ctx, {
        action: "inventory.import_cloudwatch",
        target: { type: "cloud_inventory_import", id: importId },
        summary: { ...detail, datapoints: points.length },
      });
      return { importId, ...detail, datapoints: points.length };
    }),
  );
}
