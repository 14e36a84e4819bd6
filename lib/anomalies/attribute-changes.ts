import { attributeDeltas, deltaChanges } from "@/lib/anomalies/attribute-deltas";
import { type Queryable, sampleEpisodeSpans } from "@/lib/anomalies/sample-span-attributes";
import type { AnomalyChange, SeriesName } from "@/lib/anomalies/schemas";
import { withSpan } from "@/lib/telemetry";

// The "attribute" entries of an episode's what-changed list: the values that dominate its bad
// spans against the hour before it, from a sample of each.

const HOUR_MS = 3_600_000;
/** Spans sampled a side: shares to about ±3 points, read in well under a second. */
const SAMPLE = 1000;

/** Keys that restate the outcome of a failing span rather than explain it. */
const OUTCOME_KEYS = [
  "http.response.status_code",
  "http.status_code",
  "rpc.grpc.status_code",
  "otel.status_code",
  "otel.status_description",
  "error",
];

export interface AttributeAnomaly {
  service: string;
  series: SeriesName;
  startedAt: Date;
  /** Exclusive; null while the episode is open. */
  endedAt: Date | null;
  /** What the baseline expected: for latency the p95 in milliseconds. */
  expected: number;
  /** The series' step: a window is never shorter than one. */
  stepMs: number;
  /** The anomaly's environment: spans of others are left out. */
  environment?: string;
}

/** The episode's first hour (to now while open) and the hour before it, each at least a step. */
export function attributeWindows(anomaly: AttributeAnomaly, now: Date) {
  const span = Math.max(HOUR_MS, Number.isFinite(anomaly.stepMs) ? anomaly.stepMs : 0);
  const start = anomaly.startedAt.getTime();
  const end = Math.min((anomaly.endedAt ?? now).getTime(), start + span);
  if (!Number.isFinite(start) || !(end > start)) return null;
  return {
    start: new Date(start),
    end: new Date(end),
    baselineFrom: new Date(start - span),
    baselineTo: new Date(start),
  };
}

/**
 * Attribute values over-represented in the episode's failing (errors), slower than expected
 * (latency) or all (requests) entry spans, as ranked changes; none for cost, or without a window.
 */
export async function attributeChanges(
  client: Queryable,
  anomaly: AttributeAnomaly,
  now: Date = new Date(),
): Promise<AnomalyChange[]> {
  const { series } = anomaly;
  // Cost and metric episodes have no slow or failing spans to set apart.
  if (series === "cost" || series === "metric") return [];
  if (series === "latency" && !(anomaly.expected >= 0 && Number.isFinite(anomaly.expected))) return [];
  const windows = attributeWindows(anomaly, now);
  if (!windows) return [];
  return withSpan(
    "anomalies.attribute_changes",
    { "vigil.service": anomaly.service, "vigil.series": series },
    async () => {
      const sample = await sampleEpisodeSpans(client, {
        service: anomaly.service,
        series,
        ...windows,
        slowerThanMs: series === "latency" ? anomaly.expected : undefined,
        limit: SAMPLE,
        environment: anomaly.environment,
      });
      const deltas = attributeDeltas(sample.outliers, sample.inliers, {
        ignoreKeys: series === "errors" ? OUTCOME_KEYS : [],
      });
      return deltaChanges(deltas, { kind: series, outliers: sample.outliers.length, inliers: sample.inliers.length });
    },
  );
}
