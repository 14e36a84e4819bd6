import { pool } from "@/lib/db";
import type { CycleTarget } from "./read-cycle";
import { measures, minuteTableOf, Params, type WindowCounts } from "./read-sli";

// The window counts of an SLO scoped to a feature. A feature's entry requests are kept per minute
// only (feature_usage_minute, beside the cost allocation's), so each window sums its minutes: one
// query per SLO, every window a filter of it. Availability only (schemas.ts refuses latency).

export async function readFeatureCounts(t: CycleTarget, until: Date): Promise<Record<string, WindowCounts>> {
  const p = new Params();
  const m = measures(t.slo, p);
  const windows = t.windows.map((w) => ({ key: w.key, from: p.add(w.from) }));
  const first = new Date(Math.min(...t.windows.map((w) => w.from.getTime())));
  const sums = windows.flatMap(({ from }, k) => [
    `COALESCE(sum(${m.good}) FILTER (WHERE minute >= ${from}), 0) AS good${k}`,
    `COALESCE(sum(${m.total}) FILTER (WHERE minute >= ${from}), 0) AS total${k}`,
  ]);
  const { rows } = await pool().query<Record<string, number>>(
    `SELECT ${sums.join(", ")} FROM ${minuteTableOf(t.slo)}
      WHERE ${m.selector} AND minute >= ${p.add(first)} AND minute < ${p.add(until)}`,
    p.values,
  );
  return Object.fromEntries(
    windows.map(({ key }, k) => [
      key,
      { good: Number(rows[0][`good${k}`]), total: Number(rows[0][`total${k}`]), uncertain: 0 },
    ]),
  );
}
