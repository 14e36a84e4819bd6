import { pool } from "@/lib/db";
import { addSparse, emptyHistogram } from "@/lib/traces/histogram";
import { latencyGood, thresholdBucket } from "./latency-good";
import { readFeatureCounts } from "./read-feature-counts";
import type { SliWindow, WindowCounts } from "./read-sli";
import type { SloDefinition } from "./schemas";

// Every SLO's window counts from one read of the rollups. Each window is cut into pieces a rollup
// level answers exactly: its whole days from span_day, the whole hours of its partial days from
// span_hour, the minutes of its partial hours from span_minute. Time before `until` is cut at every piece's edges into segments; the rows are
// summed per (service, operation, environment, level, segment) and each window sums the segments
// inside its pieces of that level, so every window is exact to the minute. (The rollup job rebuilds
// an hour's day with the hour, in one transaction: the levels never disagree.) Latency SLIs sum
// the segments' histograms and count good events with the threshold (latency-good.ts).

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** minute, hour, day: the rollup levels by the size of their slots. */
const UNITS = [MINUTE, HOUR, DAY] as const;
type Level = 0 | 1 | 2;

export interface CycleTarget {
  id: string;
  slo: SloDefinition;
  windows: readonly SliWindow[];
}

interface Piece {
  level: Level;
  from: number;
  to: number;
}

interface Segment {
  service: string;
  operation: string;
  environment: string;
  level: Level;
  /** Index into the bounds: the segment is [bounds[seg - 1], bounds[seg]). */
  seg: number;
  requests: number;
  errors: number;
  serverErrors: number;
  histogram: number[] | null;
}

/** [from, to) as the coarsest whole slots inside it, and finer levels at its ends. */
function split(from: number, to: number, level: Level): Piece[] {
  if (from >= to) return [];
  if (level === 0) return [{ level, from, to }];
  const unit = UNITS[level];
  const [head, tail] = [Math.ceil(from / unit) * unit, Math.floor(to / unit) * unit];
  const finer = (level - 1) as Level;
  if (head >= tail) return split(from, to, finer);
  return [...split(from, head, finer), { level, from: head, to: tail }, ...split(tail, to, finer)];
}

export function windowPieces(from: number, until: number): Piece[] {
  return split(from, until, 2);
}

/** Sorted, overlapping or touching ranges merged: no rollup row is read twice. */
function merged(pieces: Piece[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const p of [...pieces].sort((a, b) => a.from - b.from)) {
    const last = runs.at(-1);
    if (last && p.from <= last[1]) last[1] = Math.max(last[1], p.to);
    else runs.push([p.from, p.to]);
  }
  return runs;
}

function plan(targets: readonly CycleTarget[], until: number) {
  const bounds = new Set<number>([until]);
  const pieces = new Map<number, Piece[]>();
  for (const t of targets)
    for (const w of t.windows) {
      const from = w.from.getTime();
      if (pieces.has(from)) continue;
      const list = windowPieces(from, until);
      pieces.set(from, list);
      for (const p of list) bounds.add(p.from).add(p.to);
    }
  const all = [...pieces.values()].flat();
  const ranges = ([0, 1, 2] as const).map((level) => merged(all.filter((p) => p.level === level)));
  return { bounds: [...bounds].sort((a, b) => a - b), pieces, ranges };
}

const TABLES = [
  ["span_minute", "minute"],
  ["span_hour", "hour"],
  ["span_day", "day"],
] as const;

/**
 * One index range scan per merged range and level ($3 onwards hold the ranges' ends): a join with
 * the ranges as a set let the planner scan whole tables instead.
 */
function rowsSql(ranges: [number, number][][]): string {
  let n = 2;
  return ranges
    .flatMap((runs, level) =>
      runs.map(() => {
        const [table, at] = TABLES[level];
        const [f, t] = [++n, ++n];
        return `SELECT ${at} AS at, ${level} AS level, service, operation, environment, requests, errors, server_errors,
                       buckets, counts
                  FROM ${table} WHERE service = ANY ($1) AND ${at} >= $${f} AND ${at} < $${t}`;
      }),
    )
    .join("\n    UNION ALL ");
}

function segmentSql(ranges: [number, number][][], latency: string | null): string {
  const seg = `WITH seg AS (SELECT *, width_bucket(at, $2::timestamptz[]) AS seg FROM (${rowsSql(ranges)}) r)`;
  if (latency)
    return `${seg}
      SELECT service, operation, environment, level, seg, array_agg(b ORDER BY b) AS buckets, array_agg(n ORDER BY b) AS counts
        FROM (SELECT service, operation, environment, level, seg, b, sum(c)::float8 AS n
                FROM seg, unnest(buckets, counts) AS u(b, c) WHERE service = ANY (${latency}) GROUP BY 1, 2, 3, 4, 5, 6) h
       GROUP BY 1, 2, 3, 4, 5`;
  return `${seg}
    SELECT service, operation, environment, level, seg, sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
           sum(server_errors)::float8 AS server_errors FROM seg GROUP BY 1, 2, 3, 4, 5`;
}

async function readSegments(targets: readonly CycleTarget[], until: number) {
  const p = plan(targets, until);
  const segments = new Map<string, Segment[]>();
  if (p.ranges.every((runs) => runs.length === 0)) return { bounds: p.bounds, pieces: p.pieces, segments };
  const services = [...new Set(targets.map((t) => t.slo.service))];
  const latency = [...new Set(targets.filter((t) => t.slo.sli.type === "latency").map((t) => t.slo.service))];
  const dates = (list: number[]) => list.map((ms) => new Date(ms));
  const values = [services, dates(p.bounds), ...p.ranges.flat(2).map((ms) => new Date(ms))];
  type Keyed = { service: string; operation: string; environment: string; level: Level; seg: number };
  const counts = await pool().query<Keyed & { requests: number; errors: number; server_errors: number }>(
    segmentSql(p.ranges, null),
    values,
  );
  const histograms = latency.length
    ? (
        await pool().query<Keyed & { buckets: number[]; counts: number[] }>(
          segmentSql(p.ranges, `$${values.length + 1}`),
          [...values, latency],
        )
      ).rows
    : [];
  const key = (r: Keyed) => `${r.service}\u0000${r.operation}\u0000${r.environment}\u0000${r.level}\u0000${r.seg}`;
  const byKey = new Map(histograms.map((h) => [key(h), addSparse(emptyHistogram(), h.buckets, h.counts)]));
  for (const { server_errors, ...row } of counts.rows) {
    const list = segments.get(row.service) ?? [];
    list.push({ ...row, serverErrors: server_errors, histogram: byKey.get(key(row)) ?? null });
    segments.set(row.service, list);
  }
  return { bounds: p.bounds, pieces: p.pieces, segments };
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

/**
 * Each target's counts per window key, from one read of the rollups before `until` (and one of
 * its minutes for each SLO scoped to a feature).
 */
export async function readCycleCounts(
  targets: readonly CycleTarget[],
  until: Date,
): Promise<Map<string, Record<string, WindowCounts>>> {
  const end = until.getTime();
  const result = new Map<string, Record<string, WindowCounts>>();
  if (targets.length === 0) return result;
  const byOperation = targets.filter((t) => t.slo.feature === null);
  for (const t of targets) if (t.slo.feature !== null) result.set(t.id, await readFeatureCounts(t, until));
  const { bounds, pieces, segments } = await readSegments(byOperation, end);
  for (const t of byOperation) {
    const rows = segments.get(t.slo.service) ?? [];
    const windows: Record<string, WindowCounts> = {};
    for (const w of t.windows) {
      const mine = pieces.get(w.from.getTime()) ?? [];
      // width_bucket: segment k (1-based) is [bounds[k-1], bounds[k]); 0 is before the first bound.
      const inside = (s: Segment) =>
        s.seg > 0 &&
        s.seg < bounds.length &&
        mine.some((p) => p.level === s.level && bounds[s.seg - 1] >= p.from && bounds[s.seg] <= p.to);
      windows[w.key] = countWindow(t.slo, rows, inside);
    }
    result.set(t.id, windows);
  }
  return result;
}
