import { createHash } from "node:crypto";
import type { MetricPoint, SeriesKey } from "./metric-batch";

// Points merged per series, UTC minute and start time, exactly as the store merges a minute that
// already has points (store-metric-rows.ts): counts and sums add, min/max widen, first and last
// go by time.

export interface MinuteRow {
  hash: Buffer;
  series: SeriesKey;
  minute: number;
  startNs: bigint;
  points: number;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  firstNs: bigint;
  firstValue: number;
  firstSum: number | null;
  lastNs: bigint;
  lastValue: number;
  lastSum: number | null;
  buckets: number[] | null;
}

/** Attributes with their keys sorted, at every depth: the same set hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  return value;
}

export function seriesHash(series: SeriesKey): Buffer {
  const { metric, unit, kind, temporality, monotonic, resourceAttributes, attributes, bounds } = series;
  const identity = [metric, unit, kind, temporality, monotonic, canonical(resourceAttributes), canonical(attributes)];
  return createHash("sha256")
    .update(JSON.stringify([...identity, bounds]))
    .digest();
}

/** Cumulative histograms and summaries count through their increase; their buckets are the latest. */
const isCumulativeDistribution = (series: SeriesKey) =>
  series.kind !== "gauge" && series.kind !== "sum" && series.temporality !== "delta";

function rowOf(hash: Buffer, point: MetricPoint): MinuteRow {
  const { series, value } = point;
  const number = series.kind === "gauge" || series.kind === "sum";
  const cumulative = isCumulativeDistribution(series);
  return {
    hash,
    series,
    minute: Math.floor(Number(point.timeNs / 1_000_000n) / 60_000) * 60_000,
    startNs: point.startNs,
    points: 1,
    count: number ? 1 : cumulative ? 0 : value,
    sum: number ? value : cumulative ? 0 : (point.sum ?? 0),
    min: number ? value : point.min,
    max: number ? value : point.max,
    firstNs: point.timeNs,
    firstValue: value,
    firstSum: point.sum,
    lastNs: point.timeNs,
    lastValue: value,
    lastSum: point.sum,
    buckets: point.buckets,
  };
}

const least = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const greatest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

function mergeBuckets(into: MinuteRow, row: MinuteRow, later: boolean): number[] | null {
  if (!into.buckets || !row.buckets) return into.buckets ?? row.buckets;
  if (isCumulativeDistribution(into.series)) return later ? row.buckets : into.buckets;
  return into.buckets.map((count, i) => count + (row.buckets?.[i] ?? 0));
}

/** `row` merged into `into`; a tie in time goes to `row`, the later arrival, for the last value. */
export function mergeRow(into: MinuteRow, row: MinuteRow): void {
  const later = row.lastNs >= into.lastNs;
  into.buckets = mergeBuckets(into, row, later);
  into.points += row.points;
  into.count += row.count;
  into.sum += row.sum;
  into.min = least(into.min, row.min);
  into.max = greatest(into.max, row.max);
  if (row.firstNs < into.firstNs) {
    into.firstNs = row.firstNs;
    into.firstValue = row.firstValue;
    into.firstSum = row.firstSum;
  }
  if (later) {
    into.lastNs = row.lastNs;
    into.lastValue = row.lastValue;
    into.lastSum = row.lastSum;
  }
}

/** One row per series, minute and start time, in a stable order (series hash, minute, start). */
export function minuteRows(points: MetricPoint[]): MinuteRow[] {
  const hashes = new Map<SeriesKey, Buffer>();
  const rows = new Map<string, MinuteRow>();
  for (const point of points) {
    let hash = hashes.get(point.series);
    if (!hash) hashes.set(point.series, (hash = seriesHash(point.series)));
    const row = rowOf(hash, point);
    const key = `${hash.toString("hex")}|${row.minute}|${row.startNs}`;
    const existing = rows.get(key);
    if (existing) mergeRow(existing, row);
    else rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) =>
      Buffer.compare(a.hash, b.hash) ||
      a.minute - b.minute ||
      (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0),
  );
}
