import type { MetricBatch, MetricKind, MetricPoint, SeriesKey, Temporality } from "@/lib/metrics/metric-batch";
import { resourceIdentity } from "@/lib/metrics/resource-identity";
import { hasNoValue, type MetricShape, readPoint, type TimeWindow } from "./metrics-point-rules";
import { asArray, attributes, cleanText, isObject } from "./metrics-values";

// An ExportMetricsServiceRequest (protobufjs's object form or OTLP JSON, the same camelCase
// names) as validated points. A bad point is rejected alone, with a reason naming its field;
// a bad metric or resource rejects the points under it.

const MAX_REASONS = 5;
const MAX_NAME = 255;
const MAX_RESOURCE_ID_BYTES = 1024;

export class UndecodableMetrics extends Error {}

const KINDS: [string, MetricKind][] = [
  ["gauge", "gauge"],
  ["sum", "sum"],
  ["histogram", "histogram"],
  ["exponentialHistogram", "exponential_histogram"],
  ["summary", "summary"],
];

class Outcome {
  readonly points: MetricPoint[] = [];
  rejected = 0;
  readonly reasons: string[] = [];
  reject(path: string, why: string, points = 1): void {
    if (points === 0) return;
    this.rejected += points;
    if (this.reasons.length < MAX_REASONS) this.reasons.push(`${path}: ${why}`);
  }
}

function temporalityOf(value: unknown): Temporality | null {
  if (value === 1 || value === "AGGREGATION_TEMPORALITY_DELTA") return "delta";
  if (value === 2 || value === "AGGREGATION_TEMPORALITY_CUMULATIVE") return "cumulative";
  return null;
}

/** The metric's kind and aggregation, its data points, or why none of them can be stored. */
function shapeOf(metric: Record<string, unknown>): { shape: MetricShape; field: string; points: unknown[] } | string {
  const found = KINDS.find(([field]) => isObject(metric[field]));
  if (!found) return "has no gauge, sum, histogram, exponentialHistogram or summary";
  const [field, kind] = found;
  const data = metric[field] as Record<string, unknown>;
  const points = asArray(data.dataPoints);
  if (kind === "gauge") return { shape: { kind, temporality: null, monotonic: false }, field, points };
  if (kind === "summary") return { shape: { kind, temporality: "cumulative", monotonic: true }, field, points };
  const temporality = temporalityOf(data.aggregationTemporality);
  if (!temporality) return `${field}.aggregationTemporality is unspecified or unknown`;
  return { shape: { kind, temporality, monotonic: kind !== "sum" || data.isMonotonic === true }, field, points };
}

const pointsOf = (metric: Record<string, unknown>) =>
  KINDS.reduce((n, [field]) => {
    const data = metric[field];
    return n + asArray(isObject(data) ? data.dataPoints : undefined).length;
  }, 0);

interface ResourceContext {
  resourceId: string;
  serviceName: string | null;
  resourceAttributes: Record<string, unknown>;
}

function readMetric(metric: unknown, resource: ResourceContext, window: TimeWindow, out: Outcome, path: string) {
  if (!isObject(metric)) return out.reject(path, "is not an object");
  const read = shapeOf(metric);
  const name = cleanText(metric.name);
  const count = pointsOf(metric);
  if (typeof read === "string") return out.reject(path, read, count);
  if (!name.trim()) return out.reject(path, "name is empty", count);
  if (name.length > MAX_NAME) return out.reject(path, `name is over ${MAX_NAME} characters`, count);
  const unit = cleanText(metric.unit).slice(0, MAX_NAME);
  read.points.forEach((point, i) => {
    if (hasNoValue(point)) return;
    const values = readPoint(point, read.shape, window);
    if (typeof values === "string") return out.reject(`${path}.${read.field}.dataPoints[${i}]`, values);
    const series: SeriesKey = {
      metric: name,
      unit,
      ...read.shape,
      ...resource,
      attributes: values.attributes,
      bounds: values.bounds,
    };
    const { timeNs, startNs, value, sum, min, max, buckets } = values;
    out.points.push({ series, timeNs, startNs, value, sum, min, max, buckets });
  });
}

function pointsUnder(resourceMetrics: Record<string, unknown>): number {
  let n = 0;
  for (const scope of asArray(resourceMetrics.scopeMetrics))
    for (const metric of asArray(isObject(scope) ? scope.metrics : undefined))
      if (isObject(metric)) n += pointsOf(metric);
  return n;
}

function readResource(resourceMetrics: unknown, window: TimeWindow, out: Outcome, path: string) {
  if (!isObject(resourceMetrics)) return out.reject(path, "is not an object");
  const resource = isObject(resourceMetrics.resource) ? resourceMetrics.resource : {};
  const resourceAttributes = attributes(resource.attributes);
  if (typeof resourceAttributes === "string")
    return out.reject(`${path}.resource.attributes`, resourceAttributes, pointsUnder(resourceMetrics));
  const context = { ...resourceIdentity(resourceAttributes), resourceAttributes };
  // The identity is indexed, and an index entry must stay well under PostgreSQL's 2.7 kB.
  if (Buffer.byteLength(context.resourceId) > MAX_RESOURCE_ID_BYTES)
    return out.reject(
      `${path}.resource.attributes`,
      `the resource's identity (${JSON.stringify(context.resourceId.slice(0, 40))}...) is over ${MAX_RESOURCE_ID_BYTES} bytes`,
      pointsUnder(resourceMetrics),
    );
  asArray(resourceMetrics.scopeMetrics).forEach((scope, s) =>
    asArray(isObject(scope) ? scope.metrics : undefined).forEach((metric, m) =>
      readMetric(metric, context, window, out, `${path}.scopeMetrics[${s}].metrics[${m}]`),
    ),
  );
}

/** The request's points, rejected ones counted with the first few reasons. */
export function metricPoints(request: unknown, window: TimeWindow): MetricBatch {
  if (!isObject(request)) throw new UndecodableMetrics("the body is not an ExportMetricsServiceRequest object");
  const list = request.resourceMetrics;
  if (list !== undefined && list !== null && !Array.isArray(list))
    throw new UndecodableMetrics("resourceMetrics is not an array");
  const out = new Outcome();
  asArray(list).forEach((resourceMetrics, r) => readResource(resourceMetrics, window, out, `resourceMetrics[${r}]`));
  return { points: out.points, rejected: out.rejected, reasons: out.reasons };
}
