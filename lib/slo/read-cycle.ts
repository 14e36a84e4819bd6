import { pool } from "@/lib/db";
import { addSparse, emptyHistogram } from "@/lib/traces/histogram";
import { latencyGood, thresholdBucket } from "./latency-good";
import type { SliWindow, WindowCounts } from "./read-sli";
import type { SloDefinition } from "./schemas";

// Every SLO's window counts from one read of the rollups. Time before `until` is cut at every
// window's edges into segments; the rollup rows are summed per (service, operation, environment,
// segment), minutes and hours apart, and each SLO's windows are then sums of segments: a short
// window sums minutes, a long one its whole hours from the hourly rollups and the minutes of its
// partial hours at each end, so every window is exact to the minute. (Hourly rows are rebuilt with
// their minutes in one transaction: the two never disagree.) Latency SLIs sum the segments'
// histograms and count good events with the threshold (latency-good.ts).

const HOUR = 3_600_000;
const SHORT_MS = 6 * HOUR;
const ceilHour = (t: number) => Math.ceil(t / HOUR) * HOUR;
const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;

export interface CycleTarget {
  id: string;
  slo: SloDefinition;
  windows: readonly SliWindow[];
}

interface Segment {
  service: string;
  operation: string;
  environment: string;
  hourly: boolean;
  /** Index into the bounds: the segment is [bounds[seg - 1], bounds[seg]). */
  seg: number;
  requests: number;
  errors: number;
  serverErrors: number;
  histogram: number[] | null;
}

/** Which segments of which kind a window sums. */
function windowTest(from: number, until: number): (hourly: boolean, start: number, end: number) => boolean {
  if (until - from <= SHORT_MS || ceilHour(from) >= floorHour(until))
    return (hourly, start) => !hourly && start >= from;
  const [head, tail] = [ceilHour(from), floorHour(until)];
  return (hourly, start, end) => (hourly ? start >= head : (start >= from && end <= head) || start >= tail);
}

function plan(targets: readonly CycleTarget[], until: number) {
  const bounds = new Set<number>([until]);
  // Each long window's first partial hour, once however many SLOs share the window.
  const partial = new Map<number, number>();
  let shortFrom = until;
  let firstHour = Number.POSITIVE_INFINITY;
  for (const t of targets)
    for (const w of t.windows) {
      const from = w.from.getTime();
      bounds.add(from);
      if (until - from <= SHORT_MS || ceilHour(from) >= floorHour(until)) shortFrom = Math.min(shortFrom, from);
      else {
        bounds.add(ceilHour(from)).add(floorHour(until));
        partial.set(from, ceilHour(from));
        firstHour = Math.min(firstHour, ceilHour(from));
        shortFrom = Math.min(shortFrom, floorHour(until));
      }
    }
  return { bounds: [...bounds].sort((a, b) => a - b), partial: [...partial], shortFrom, firstHour };
}

const SEGMENT_SQL = (histograms: boolean) => `
  WITH ranges AS (
    -- The minutes read: the short windows' and long windows' last partial hour, and each long window's first.
    SELECT * FROM unnest(array_prepend($3::timestamptz, $4::timestamptz[]), array_prepend($2::timestamptz, $5::timestamptz[])) AS r(f, t)
  ), rows AS (
    SELECT minute AS at, false AS hourly, service, operation, environment, requests, errors, server_errors, buckets, counts
      FROM ranges, LATERAL (SELECT * FROM span_minute WHERE service = ANY ($1) AND minute >= ranges.f AND minute < ranges.t) m
    UNION ALL
    SELECT hour, true, service, operation, environment, requests, errors, server_errors, buckets, counts
      FROM span_hour WHERE service = ANY ($1) AND hour >= $6 AND hour < $7
  ), seg AS (SELECT *, width_bucket(at, $8::timestamptz[]) AS seg FROM rows)
  ${
    histograms
      ? `SELECT service, operation, environment, hourly, seg, array_agg(b ORDER BY b) AS buckets, array_agg(n ORDER BY b) AS counts
           FROM (SELECT service, operation, environment, hourly, seg, b, sum(c)::float8 AS n
                   FROM seg, unnest(buckets, counts) AS u(b, c) WHERE service = ANY ($9) GROUP BY 1, 2, 3, 4, 5, 6) h
          GROUP BY 1, 2, 3, 4, 5`
      : `SELECT service, operation, environment, hourly, seg, sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
                sum(server_errors)::float8 AS server_errors FROM seg GROUP BY 1, 2, 3, 4, 5`
  }`;

async function readSegments(targets: readonly CycleTarget[], until: number) {
  const p = plan(targets, until);
  const services = [...new Set(targets.map((t) => t.slo.service))];
  const latency = [...new Set(targets.filter((t) => t.slo.sli.type === "latency").map((t) => t.slo.service))];
  const values = [
    services,
    new Date(until),
    new Date(p.shortFrom),
    p.partial.map(([f]) => new Date(f)),
    p.partial.map(([, t]) => new Date(t)),
    new Date(Number.isFinite(p.firstHour) ? p.firstHour : until),
    new Date(floorHour(until)),
    p.bounds.map((b) => new Date(b)),
  ];
  type Keyed = { service: string; operation: string; environment: string; hourly: boolean; seg: number };
  const counts = await pool().query<Keyed & { requests: number; errors: number; server_errors: number }>(
    SEGMENT_SQL(false),
    values,
  );
  const histograms = latency.length
    ? (await pool().query<Keyed & { buckets: number[]; counts: number[] }>(SEGMENT_SQL(true), [...values, latency]))
        .rows
    : [];
  const key = (r: Keyed) => `${r.service}\u0000${r.operation}\u0000${r.environment}\u0000${r.hourly}\u0000${r.seg}`;
  const byKey = new Map(histograms.map((h) => [key(h), addSparse(emptyHistogram(), h.buckets, h.counts)]));
  const segments = new Map<string, Segment[]>();
  for (const { server_errors, ...row } of counts.rows) {
    const list = segments.get(row.service) ?? [];
    list.push({ ...row, serverErrors: server_errors, histogram: byKey.get(key(row)) ?? null });
    segments.set(row.service, list);
  }
  return { bounds: p.bounds, segments };
}

function countWindow(slo: SloDefinition, rows: Segment[], included: (s: Segment) => boolean): WindowCounts {
  const mine = rows.filter(
    (s) =>
      included(s) &&
      (slo.operation === null || s.operation === slo.operation) &&
      (slo.environment === null || s.environment === slo.environment),
  );
  const { sli } = slo;
  if (sli.type === "availability") {
    const bad = (s: Segment) => (sli.errorWhen === "http-5xx" ? s.serverErrors : s.errors);
    const total = mine.reduce((sum, s) => sum + s.requests, 0);
    return { good: total - mine.reduce((sum, s) => sum + bad(s), 0), total, uncertain: 0 };
  }
  const merged = emptyHistogram();
  for (const s of mine) s.histogram?.forEach((n, b) => (merged[b] += n));
  const buckets = merged.map((_, b) => b).filter((b) => merged[b] > 0);
  return latencyGood(
    buckets,
    buckets.map((b) => merged[b]),
    thresholdBucket(sli.thresholdMs),
  );
}

/** Each target's counts per window key, from one read of the rollups before `until`. */
export async function readCycleCounts(
  targets: readonly CycleTarget[],
  until: Date,
): Promise<Map<string, Record<string, WindowCounts>>> {
  const end = until.getTime();
  const result = new Map<string, Record<string, WindowCounts>>();
  if (targets.length === 0) return result;
  const { bounds, segments } = await readSegments(targets, end);
  for (const t of targets) {
    const rows = segments.get(t.slo.service) ?? [];
    const windows: Record<string, WindowCounts> = {};
    for (const w of t.windows) {
      const test = windowTest(w.from.getTime(), end);
      // width_bucket: segment k (1-based) is [bounds[k-1], bounds[k]); 0 is before the first bound.
      windows[w.key] = countWindow(
        t.slo,
        rows,
        (s) => s.seg > 0 && s.seg < bounds.length && test(s.hourly, bounds[s.seg - 1], bounds[s.seg]),
      );
    }
    result.set(t.id, windows);
  }
  return result;
}
