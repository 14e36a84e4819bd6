import type pg from "pg";
import { UNALLOCATED } from "../attribution/reserved-keys";
import { DAY, entryFor, type RegularSeries } from "./series";

// Daily effective cost per application service, and per service and feature, from the allocation
// (the figure the Costs pages show). Spend the allocation could not give a service or a feature is
// not a series here: it has no owner to page, and the Costs page lists it.

export interface CostSeries {
  service: string;
  /** The feature, or "" for the whole service. */
  scope: string;
  environment: string;
  series: RegularSeries;
}

/** Feature "" is the service's total. Only cost sums here; floats serve the model, never a display. */
const DAILY = `
  SELECT app_service AS service, environment, COALESCE(feature, '') AS scope,
         (extract(epoch FROM day::timestamp AT TIME ZONE 'UTC') * 1000)::float8 AS t,
         sum(effective_cost)::float8 AS cost
    FROM cost_allocation
   WHERE day >= $1::date AND day < $2::date AND app_service <> $3
   GROUP BY GROUPING SETS ((app_service, environment, day), (app_service, environment, feature, day))
  HAVING feature IS NULL OR feature <> $3`;

/**
 * The last day every provider still billing reaches: past it, a service without cost may only be
 * waiting for a later bill, so its day is a gap, not a free day. A provider whose last bill is more
 * than 35 days older than the newest (an account closed) does not hold every later day back.
 */
const COVERED = `WITH p AS (SELECT max(day) AS last FROM cost_allocation WHERE day >= $1::date AND day < $2::date GROUP BY provider_name)
  SELECT (extract(epoch FROM min(last)::timestamp AT TIME ZONE 'UTC') * 1000)::float8 AS t
    FROM p WHERE last >= (SELECT max(last) FROM p) - 35`;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Every service (and service and feature) with allocated cost in [from, to), whole UTC days: NaN
 * before its first cost and after the last day every provider's bills reach; 0 on a day before
 * that it had none.
 */
export async function readCostSeries(
  client: Pick<pg.ClientBase, "query">,
  window: { from: Date; to: Date },
): Promise<CostSeries[]> {
  const from = Math.floor(window.from.getTime() / DAY) * DAY;
  const length = Math.max(0, Math.ceil((window.to.getTime() - from) / DAY));
  const range = [isoDay(from), isoDay(from + length * DAY)];
  const [costs, covered] = await Promise.all([
    client.query<{ service: string; environment: string; scope: string; t: number; cost: number }>(DAILY, [
      ...range,
      UNALLOCATED,
    ]),
    client.query<{ t: number | null }>(COVERED, range),
  ]);
  const found = new Map<string, CostSeries>();
  for (const row of costs.rows) {
    const i = Math.round((row.t - from) / DAY);
    if (i < 0 || i >= length) continue;
    const key = `${row.service}\u0000${row.environment}\u0000${row.scope}`;
    const entry = entryFor(found, key, { startMs: from, stepMs: DAY, length }, (series) => ({
      service: row.service,
      scope: row.scope,
      environment: row.environment,
      series,
    }));
    entry.series.values[i] = row.cost;
  }
  const lastCovered = covered.rows[0]?.t;
  const coveredTo = lastCovered == null ? 0 : Math.min(length, Math.round((lastCovered - from) / DAY) + 1);
  for (const { series } of found.values()) {
    const start = series.values.findIndex((v) => !Number.isNaN(v));
    for (let i = Math.max(0, start); start >= 0 && i < coveredTo; i++)
      if (Number.isNaN(series.values[i])) series.values[i] = 0;
  }
  return [...found.values()].sort(
    (a, b) =>
      a.service.localeCompare(b.service) ||
      a.environment.localeCompare(b.environment) ||
      a.scope.localeCompare(b.scope),
  );
}

/** The day after the last allocated one: the scan's end (null before any bill). */
export async function readCostCoveredUntil(client: Pick<pg.ClientBase, "query">): Promise<{
  until: number | null;
  computedAt: string | null;
}> {
  const { rows } = await client.query<{ last: string | null; computed: Date | null }>(
    "SELECT max(day)::text AS last, max(computed_at) AS computed FROM cost_allocation",
  );
  const last = rows[0].last;
  return {
    until: last ? Date.parse(`${last}T00:00:00Z`) + DAY : null,
    computedAt: rows[0].computed?.toISOString() ?? null,
  };
}
