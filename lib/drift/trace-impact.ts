import type pg from "pg";
import { addSparse, emptyHistogram, quantileMs } from "../traces/histogram";
import { type RedShift, type RedWindow, rankShifts, redShift } from "./red-shift";

// The services whose traces changed around a drift: each service's rate, errors and p95 in the
// hours around the detection against the week before, from the hourly rollups. Services the
// drifted resource serves (its cost allocation) come first; others changing then are listed too.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LIMIT = 10;

export interface TraceImpact {
  baseline: { from: string; to: string };
  around: { from: string; to: string };
  /** The services the resource serves, whether or not they changed. */
  services: string[];
  changed: RedShift[];
}

const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;
const ceilHour = (t: number) => Math.ceil(t / HOUR) * HOUR;

/**
 * The hours the drift most likely happened in: since the previous detection, at most a day before
 * this one, to an hour after it (or now); the baseline is the week before those.
 */
export function impactWindows(detectedAt: Date, lookedSince: Date, now: Date) {
  const aroundFrom = floorHour(Math.max(lookedSince.getTime(), detectedAt.getTime() - DAY));
  // Whole hours only: the hour now running is not rolled up yet and would read as a drop.
  const aroundTo = Math.min(floorHour(now.getTime()), ceilHour(detectedAt.getTime() + HOUR));
  if (aroundTo <= aroundFrom) return null;
  return { baselineFrom: aroundFrom - 7 * DAY, aroundFrom, aroundTo };
}

const SERVED = `SELECT DISTINCT app_service AS service FROM cost_allocation
  WHERE resource_id = $1 AND day >= ($2::timestamptz - interval '7 days')::date AND day <= $2::date
    AND app_service NOT IN ('', '__unallocated__') ORDER BY 1 LIMIT 50`;

const TOTALS = `SELECT service, hour >= $2 AS around, sum(requests)::float8 AS requests, sum(errors)::float8 AS errors
  FROM span_hour WHERE hour >= $1 AND hour < $3 GROUP BY 1, 2`;

const HISTOGRAMS = `SELECT service, around, array_agg(b ORDER BY b) AS buckets, array_agg(n::float8 ORDER BY b) AS counts FROM (
    SELECT service, hour >= $2 AS around, b, sum(c) AS n FROM span_hour, unnest(buckets, counts) AS u(b, c)
    WHERE hour >= $1 AND hour < $3 GROUP BY 1, 2, 3) x GROUP BY 1, 2`;

const FIRST_HOUR = `SELECT min(hour) AS first FROM span_hour WHERE hour >= $1 AND hour < $2`;

type Windows = NonNullable<ReturnType<typeof impactWindows>>;

type Queryable = Pick<pg.ClientBase, "query">;

async function readWindows(client: Queryable, w: Windows) {
  const range = [new Date(w.baselineFrom), new Date(w.aroundFrom), new Date(w.aroundTo)];
  const [totals, histograms, first] = await Promise.all([
    client.query<{ service: string; around: boolean; requests: number; errors: number }>(TOTALS, range),
    client.query<{ service: string; around: boolean; buckets: number[]; counts: number[] }>(HISTOGRAMS, range),
    client.query<{ first: Date | null }>(FIRST_HOUR, [range[0], range[1]]),
  ]);
  // A baseline younger than a week (traces began later) is judged over the hours it has.
  const baselineHours = first.rows[0].first ? (w.aroundFrom - first.rows[0].first.getTime()) / HOUR : 0;
  const aroundHours = (w.aroundTo - w.aroundFrom) / HOUR;
  const windows = new Map<string, { baseline: RedWindow; around: RedWindow }>();
  const entry = (service: string) => {
    let found = windows.get(service);
    if (!found) {
      const empty = (hours: number): RedWindow => ({ hours, requests: 0, errors: 0, p95Ms: null });
      windows.set(service, (found = { baseline: empty(baselineHours), around: empty(aroundHours) }));
    }
    return found;
  };
  for (const row of totals.rows)
    Object.assign(entry(row.service)[row.around ? "around" : "baseline"], {
      requests: row.requests,
      errors: row.errors,
    });
  for (const row of histograms.rows)
    entry(row.service)[row.around ? "around" : "baseline"].p95Ms = quantileMs(
      addSparse(emptyHistogram(), row.buckets, row.counts),
      0.95,
    );
  return windows;
}

/**
 * Null when the hours around the detection are not yet over enough to compare (a detection in
 * the future of `now`). `lookedSince` is the cause window's start (the previous detection).
 */
export async function traceImpact(
  client: Queryable,
  input: { cloudId: string | null; workspace: string; detectedAt: Date; lookedSince: Date; now: Date },
): Promise<TraceImpact | null> {
  const w = impactWindows(input.detectedAt, input.lookedSince, input.now);
  if (!w) return null;
  const served = input.cloudId
    ? (await client.query<{ service: string }>(SERVED, [input.cloudId, input.detectedAt])).rows.map((r) => r.service)
    : [];
  const windows = await readWindows(client, w);
  // A workspace named after a service (one workspace per service) serves it too.
  const related = new Set([...served, ...(windows.has(input.workspace) ? [input.workspace] : [])]);
  const shifts = [...windows].flatMap(([service, { baseline, around }]) => {
    const shift = redShift(service, related.has(service), baseline, around);
    return shift ? [shift] : [];
  });
  const iso = (t: number) => new Date(t).toISOString();
  return {
    baseline: { from: iso(w.baselineFrom), to: iso(w.aroundFrom) },
    around: { from: iso(w.aroundFrom), to: iso(w.aroundTo) },
    services: [...related].sort(),
    changed: rankShifts(shifts, LIMIT),
  };
}
