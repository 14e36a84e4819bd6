// Metric data points as the OTLP receiver hands them to lib: validated, one per OTLP data point.

export type MetricKind = "gauge" | "sum" | "histogram" | "exponential_histogram" | "summary";
export type Temporality = "delta" | "cumulative";
export type AttributeMap = Record<string, unknown>;

/** What makes a series: the metric, its aggregation, the resource and the point's attributes. */
export interface SeriesKey {
  metric: string;
  unit: string;
  kind: MetricKind;
  /** null for gauges. */
  temporality: Temporality | null;
  monotonic: boolean;
  resourceId: string;
  serviceName: string | null;
  resourceAttributes: AttributeMap;
  attributes: AttributeMap;
  /** A histogram's explicit bounds: other bounds make another series. */
  bounds: number[] | null;
}

export interface MetricPoint {
  series: SeriesKey;
  timeNs: bigint;
  /** start_time_unix_nano of a cumulative point (a new one marks a reset); 0n otherwise. */
  startNs: bigint;
  /** A gauge's or sum's value; a histogram's or summary's count. */
  value: number;
  /** A histogram's or summary's sum, when sent. */
  sum: number | null;
  min: number | null;
  max: number | null;
  buckets: number[] | null;
}

export interface MetricBatch {
  points: MetricPoint[];
  rejected: number;
  reasons: string[];
}

export interface MetricIngestResult {
  stored: number;
  rejected: number;
  reasons: string[];
}
