import { pool } from "../db";
import { readMetricSeries, readWatchedMetrics } from "./read-metric-series";
import type { SensitivityLevel } from "./sensitivities";
import { detectMetric } from "./series-settings";
import type { SeriesKey } from "./store-anomalies";
import { emptyTally, type ScanTally, storeDetection } from "./store-detection";

// The watched OTLP metrics of every service, in the traffic scan's window and slots: each against
// its own seasonal baseline, its episodes stored as series 'metric' scoped by the metric's name.

export interface MetricScan extends ScanTally {
  failures: { what: string; error: string }[];
  /** The series looked at: an open anomaly of any other ends (lib/anomalies/scan-anomalies.ts). */
  scanned: SeriesKey[];
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function scanMetrics(
  window: { from: number; lookbackStart: number; scannedTo: number; stepMs: number },
  levels: (service: string, series: "metric") => SensitivityLevel,
): Promise<MetricScan> {
  const out: MetricScan = { ...emptyTally(), failures: [], scanned: [] };
  const metrics = await readWatchedMetrics(pool());
  const all = await readMetricSeries(pool(), {
    from: new Date(window.from),
    to: new Date(window.scannedTo),
    stepMs: window.stepMs,
    metrics,
  });
  for (const metric of all) {
    const level = levels(metric.service, "metric");
    if (level === "off") continue;
    const key: SeriesKey = {
      service: metric.service,
      series: "metric",
      scope: metric.metric,
      environment: metric.environment,
    };
    out.scanned.push(key);
    try {
      await storeDetection(out, key, metric.series, detectMetric(metric.series, metric.counted, level), window);
    } catch (err) {
      out.failures.push({
        what: `${metric.service}/${metric.environment}/metric/${metric.metric}`,
        error: messageOf(err),
      });
    }
  }
  return out;
}
