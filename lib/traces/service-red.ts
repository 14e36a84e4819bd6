import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { db, pool } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import { addSparse, emptyHistogram, quantileMs } from "./histogram";
import { rollupSource, serviceTotalsFrom } from "./rollup-source";

export const RedWindowInput = z
  .object({
    from: z.iso.datetime({ offset: true, error: "must be an ISO 8601 time" }).optional(),
    to: z.iso.datetime({ offset: true, error: "must be an ISO 8601 time" }).optional(),
    points: z.coerce.number().int().min(2).max(500).default(30),
  })
  .transform((input) => {
    const to = input.to ? new Date(input.to) : new Date();
    const from = input.from ? new Date(input.from) : new Date(to.getTime() - 3_600_000);
    return { from, to, points: input.points };
  })
  .refine((input) => input.from < input.to, { error: "from must be before to", path: ["from"] })
  .refine((input) => input.to.getTime() - input.from.getTime() <= 31 * 86_400_000, {
    error: "the window may be at most 31 days",
    path: ["from"],
  });
export type RedWindowInput = z.input<typeof RedWindowInput>;

export interface RedPoint {
  t: string;
  requests: number;
  errors: number;
}

export interface ServiceRed {
  service: string;
  team: string | null;
  tier: string | null;
  requests: number;
  errors: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  series: RedPoint[];
}

type Source = ReturnType<typeof rollupSource>;

/** The rollup rows of the window: totals, histograms and per-slot series by service, and the catalog. */
async function readRed(source: Source, step: number) {
  const { from, to, services: table, time } = source;
  const range = [from, to];
  const rows = serviceTotalsFrom(source);
  const [totals, histograms, series, catalog] = await Promise.all([
    pool().query<{ service: string; requests: string; errors: string }>(
      `SELECT service, sum(requests)::text AS requests, sum(errors)::text AS errors FROM ${rows} GROUP BY service`,
      range,
    ),
    pool().query<{ service: string; buckets: number[]; counts: string[] }>(
      `SELECT service, array_agg(b ORDER BY b) AS buckets, array_agg(n::text ORDER BY b) AS counts FROM (
         SELECT service, b, sum(c) AS n FROM ${rows}, unnest(buckets, counts) AS u(b, c)
         GROUP BY service, b) x GROUP BY service`,
      range,
    ),
    pool().query<{ service: string; slot: number; requests: string; errors: string }>(
      // date_bin groups on timestamps; the slot's number is worked out per group, not per row (numeric).
      `SELECT service, round(extract(epoch FROM bin - $1::timestamptz) / $3)::int AS slot, requests, errors FROM (
         SELECT service, date_bin(make_interval(secs => $3), ${time}, $1) AS bin, sum(requests)::text AS requests, sum(errors)::text AS errors
         FROM ${table} WHERE ${time} >= $1 AND ${time} < $2 GROUP BY 1, 2) x`,
      [from, to, step],
    ),
    db().service.findMany({ select: { name: true, team: true, tier: true }, take: 1000 }),
  ]);
  return { totals: totals.rows, histograms: histograms.rows, series: series.rows, catalog };
}

/** A service with nothing counted yet, and `slots` empty points of `step` seconds from `from`. */
const emptyRed = (service: string, from: Date, slots: number, step: number): ServiceRed => ({
  service,
  team: null,
  tier: null,
  requests: 0,
  errors: 0,
  errorRate: 0,
  p50Ms: null,
  p95Ms: null,
  p99Ms: null,
  series: Array.from({ length: slots }, (_, i) => ({
    t: new Date(from.getTime() + i * step * 1000).toISOString(),
    requests: 0,
    errors: 0,
  })),
});

/** The rows merged per service, busiest first. */
function itemsOf(rows: Awaited<ReturnType<typeof readRed>>, from: Date, slots: number, step: number): ServiceRed[] {
  const byService = new Map<string, ServiceRed>();
  const entry = (service: string): ServiceRed => {
    let found = byService.get(service);
    if (!found) byService.set(service, (found = emptyRed(service, from, slots, step)));
    return found;
  };
  for (const row of rows.catalog) Object.assign(entry(row.name), { team: row.team, tier: row.tier });
  for (const row of rows.totals) {
    const item = entry(row.service);
    item.requests = Number(row.requests);
    item.errors = Number(row.errors);
    item.errorRate = item.requests ? item.errors / item.requests : 0;
  }
  for (const row of rows.histograms) {
    const histogram = addSparse(emptyHistogram(), row.buckets, row.counts.map(Number));
    Object.assign(entry(row.service), {
      p50Ms: quantileMs(histogram, 0.5),
      p95Ms: quantileMs(histogram, 0.95),
      p99Ms: quantileMs(histogram, 0.99),
    });
  }
  for (const row of rows.series) {
    const point = entry(row.service).series[row.slot];
    if (point) {
      point.requests = Number(row.requests);
      point.errors = Number(row.errors);
    }
  }
  return [...byService.values()].sort((a, b) => b.requests - a.requests || a.service.localeCompare(b.service));
}

/**
 * Rate, errors and latency percentiles per service over a window, from the per-minute rollups
 * only (never raw spans), with a short series for sparklines. Services of the catalog that sent
 * nothing are listed with zeros.
 */
export async function listServiceRed(
  ctx: Ctx,
  input: RedWindowInput = {},
): Promise<{ from: string; to: string; stepSeconds: number; items: ServiceRed[] }> {
  authorize(ctx, "read");
  const window = parseInput(RedWindowInput, input);
  const source = rollupSource(window.from, window.to);
  const { from, to } = source;
  const step = Math.max(
    source.resolution,
    Math.ceil((to.getTime() - from.getTime()) / 1000 / window.points / source.resolution) * source.resolution,
  );
  const slots = Math.ceil((to.getTime() - from.getTime()) / 1000 / step);
  const items = itemsOf(await readRed(source, step), from, slots, step);
  if (items.length > 1000) throw new VigilError("bad_request", "more than 1000 services in the window; narrow it");
  return { from: from.toISOString(), to: to.toISOString(), stepSeconds: step, items };
}
