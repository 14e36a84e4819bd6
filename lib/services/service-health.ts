/**
 * When the service map calls a service unhealthy: its share of failed entry requests or its p95
 * latency past a threshold. Fixed here, and printed in the map's legend.
 */
export const HEALTH_THRESHOLDS = {
  errorRate: { warn: 0.01, bad: 0.05 },
  p95Ms: { warn: 500, bad: 2000 },
} as const;

export type Health = "ok" | "warn" | "bad" | "idle";

/** The worse of the error-rate and latency verdicts; a service with no requests is idle. */
export function serviceHealth(node: { requests: number; errors: number; p95Ms: number | null }): Health {
  if (node.requests <= 0) return "idle";
  const errorRate = node.errors / node.requests;
  const { errorRate: rate, p95Ms: latency } = HEALTH_THRESHOLDS;
  const p95 = node.p95Ms ?? 0;
  if (errorRate >= rate.bad || p95 >= latency.bad) return "bad";
  if (errorRate >= rate.warn || p95 >= latency.warn) return "warn";
  return "ok";
}
