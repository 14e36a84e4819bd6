import type { MetricPoint, SeriesKey } from "./metric-batch";

// Hand-made metric points for lib tests: a series, and points at ISO times (plus nanoseconds).

export function series(metric: string, resourceId: string, overrides: Partial<SeriesKey> = {}): SeriesKey {
  return {
    metric,
    unit: "1",
    kind: "gauge",
    temporality: null,
    monotonic: false,
    resourceId,
    serviceName: null,
    resourceAttributes: { "host.id": resourceId },
    attributes: {},
    bounds: null,
    ...overrides,
  };
}

export const ns = (iso: string, extra = 0n) => BigInt(Date.parse(iso)) * 1_000_000n + extra;

export function point(
  key: SeriesKey,
  at: string | bigint,
  value: number,
  rest: Partial<MetricPoint> = {},
): MetricPoint {
  return {
    series: key,
    timeNs: typeof at === "bigint" ? at : ns(at),
    startNs: 0n,
    value,
    sum: null,
    min: null,
    max: null,
    buckets: null,
    ...rest,
  };
}

export const batch = (points: MetricPoint[]) => ({ points, rejected: 0, reasons: [] });
