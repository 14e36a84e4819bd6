import type { MetricKind, Temporality } from "@/lib/metrics/metric-batch";
import { asArray, attributes, double, MAX_NS, signed, unsigned } from "./metrics-values";

// One OTLP data point read and checked: its values, or why it can not be stored, naming the field.

export interface TimeWindow {
  oldestNs: bigint;
  newestNs: bigint;
  retentionDays: number;
}

export interface MetricShape {
  kind: MetricKind;
  temporality: Temporality | null;
  monotonic: boolean;
}

export interface PointValues {
  attributes: Record<string, unknown>;
  timeNs: bigint;
  startNs: bigint;
  value: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  bounds: number[] | null;
  buckets: number[] | null;
}

/** Thrown inside a point's checks; caught per point and counted as one rejection. */
class Bad extends Error {}

/** FLAG_NO_RECORDED_VALUE: the point marks a gap (a target gone), it carries no value. */
export const NO_RECORDED_VALUE = 1;

function times(point: Record<string, unknown>, shape: MetricShape, window: TimeWindow) {
  const timeNs = unsigned(point.timeUnixNano);
  if (timeNs === null) throw new Bad("timeUnixNano is not a whole number from 0 to 2^64-1");
  if (timeNs === 0n) throw new Bad("timeUnixNano is 0 (unset)");
  if (timeNs > MAX_NS) throw new Bad("timeUnixNano is past 2262, beyond what can be stored");
  if (timeNs < window.oldestNs)
    throw new Bad(`timeUnixNano is before the ${window.retentionDays}-day retention window`);
  if (timeNs > window.newestNs) throw new Bad("timeUnixNano is more than a day in the future");
  if (shape.temporality !== "cumulative") return { timeNs, startNs: 0n };
  const startNs = unsigned(point.startTimeUnixNano);
  if (startNs === null) throw new Bad("startTimeUnixNano is not a whole number from 0 to 2^64-1");
  if (startNs > timeNs) throw new Bad("startTimeUnixNano is after timeUnixNano");
  return { timeNs, startNs };
}

function finite(point: Record<string, unknown>, field: string): number | null {
  const parsed = double(point[field]);
  if (parsed === "bad") throw new Bad(`${field} is not a finite number`);
  return parsed;
}

function count(value: unknown, field: string): number {
  const parsed = unsigned(value);
  if (parsed === null) throw new Bad(`${field} is negative or not a whole number`);
  return Number(parsed);
}

function numberValue(point: Record<string, unknown>, shape: MetricShape): number {
  let value: number | null;
  if (point.asDouble !== undefined && point.asDouble !== null) value = finite(point, "asDouble");
  else if (point.asInt !== undefined && point.asInt !== null) {
    value = signed(point.asInt);
    if (value === null) throw new Bad("asInt is not a whole number");
  } else throw new Bad("has neither asDouble nor asInt");
  if (value === null) throw new Bad("has neither asDouble nor asInt");
  if (shape.kind === "sum" && shape.monotonic && value < 0) throw new Bad("a monotonic sum's value is negative");
  return value;
}

function bucketsOf(point: Record<string, unknown>, total: number) {
  const read = asArray(point.explicitBounds).map((value) => double(value));
  if (read.some((bound, i) => typeof bound !== "number" || (i > 0 && bound <= (read[i - 1] as number))))
    throw new Bad("explicitBounds are not finite and strictly increasing");
  const bounds = read as number[];
  const counts = asArray(point.bucketCounts).map((value, i) => count(value, `bucketCounts[${i}]`));
  if (counts.length === 0) return { bounds: bounds.length ? bounds : null, buckets: null };
  if (counts.length !== bounds.length + 1)
    throw new Bad(
      `bucketCounts has ${counts.length} entries for ${bounds.length} explicitBounds; it needs ${bounds.length + 1}`,
    );
  const added = counts.reduce((a, b) => a + b, 0);
  if (added !== total) throw new Bad(`bucketCounts add up to ${added}, not count ${total}`);
  return { bounds, buckets: counts };
}

function distribution(point: Record<string, unknown>, shape: MetricShape) {
  const total = count(point.count, "count");
  const sum = finite(point, "sum");
  const min = shape.kind === "summary" ? null : finite(point, "min");
  const max = shape.kind === "summary" ? null : finite(point, "max");
  if (min !== null && max !== null && min > max) throw new Bad("min is greater than max");
  const buckets = shape.kind === "histogram" ? bucketsOf(point, total) : { bounds: null, buckets: null };
  return { value: total, sum, min, max, ...buckets };
}

/** The point's values, or the reason it is rejected. */
export function readPoint(point: unknown, shape: MetricShape, window: TimeWindow): PointValues | string {
  if (typeof point !== "object" || point === null) return "is not an object";
  const fields = point as Record<string, unknown>;
  try {
    const attrs = attributes(fields.attributes);
    if (typeof attrs === "string") throw new Bad(`attributes: ${attrs}`);
    const when = times(fields, shape, window);
    if (shape.kind === "gauge" || shape.kind === "sum") {
      const value = numberValue(fields, shape);
      return { attributes: attrs, ...when, value, sum: null, min: null, max: null, bounds: null, buckets: null };
    }
    return { attributes: attrs, ...when, ...distribution(fields, shape) };
  } catch (err) {
    if (err instanceof Bad) return err.message;
    throw err;
  }
}

/** The flags say the point has no value: skipped, neither stored nor rejected. */
export const hasNoValue = (point: unknown) =>
  typeof point === "object" &&
  point !== null &&
  ((Number((point as { flags?: unknown }).flags) | 0) & NO_RECORDED_VALUE) !== 0;
