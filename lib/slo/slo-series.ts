import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { budgetRemaining, errorBudget, errorRatio } from "./budget";
import { freshStatus } from "./get-slo";
import { measures, minuteTableOf, Params } from "./read-sli";
import type { SloDefinition } from "./schemas";
import { SLO_COLUMNS, sloId, type SloRow } from "./slo-records";

const HOUR = 3_600_000;

// An SLO's period hour by hour, for its page: the SLI of each hour against the objective, and the
// error budget left after each hour had the period ended then (the burn-down). Read from the
// hourly rollups up to the evaluation's end, the same data the status comes from.

export interface SloSeriesPoint {
  /** The hour's start. */
  at: string;
  good: number;
  total: number;
  /** Good over all in this hour; null without events. */
  sli: number | null;
  /** Budget left counting every event of the period up to the end of this hour. */
  budgetRemaining: number | null;
}

export interface SloSeries {
  objective: number;
  period: { from: string; to: string };
  dataUntil: string;
  points: SloSeriesPoint[];
}

type HourRow = { at: Date; good: number; total: number };

/**
 * The SLI's events per hour of [from, until): whole hours from the hourly rollups, the partial
 * first and last hours from their minutes, so the last point's budget is the status' to the event.
 * A feature's requests are kept per minute only: its hours are summed from them.
 */
async function readHours(slo: SloDefinition, from: number, until: number): Promise<HourRow[]> {
  const p = new Params();
  const m = measures(slo, p);
  if (slo.feature !== null) {
    const { rows } = await pool().query<HourRow>(
      `SELECT date_trunc('hour', minute) AS at, sum(${m.good}) AS good, sum(${m.total}) AS total
         FROM ${minuteTableOf(slo)} WHERE ${m.selector} AND minute >= ${p.add(new Date(from))} AND minute < ${p.add(new Date(until))}
        GROUP BY 1 ORDER BY 1`,
      p.values,
    );
    return rows;
  }
  const [first, last] = [Math.ceil(from / HOUR) * HOUR, Math.floor(until / HOUR) * HOUR];
  const [f, u, h1, h2] = [from, until, first, Math.max(first, last)].map((t) => p.add(new Date(t)));
  const { rows } = await pool().query<HourRow>(
    `SELECT date_trunc('hour', at) AS at, sum(good) AS good, sum(total) AS total FROM (
       SELECT hour AS at, ${m.good} AS good, ${m.total} AS total FROM span_hour WHERE ${m.selector} AND hour >= ${h1} AND hour < ${h2}
       UNION ALL
       SELECT minute, ${m.good}, ${m.total} FROM span_minute WHERE ${m.selector} AND minute >= ${f} AND minute < ${u}
          AND (minute < ${h1} OR minute >= ${h2})) rows
     GROUP BY 1 ORDER BY 1`,
    p.values,
  );
  return rows;
}

export async function sloSeries(ctx: Ctx, id: string, now = new Date()): Promise<SloSeries> {
  authorize(ctx, "read");
  const { rows } = await pool().query<SloRow>(`SELECT ${SLO_COLUMNS} FROM slo s WHERE s.id = $1`, [sloId(id)]);
  if (!rows[0]) throw new VigilError("not_found", "No such SLO");
  const slo = rows[0].definition;
  const { status } = await freshStatus(rows[0], now);
  const hours = await readHours(slo, Date.parse(status.period.from), Date.parse(status.dataUntil));
  const budget = errorBudget(slo.objectivePercent);
  let good = 0;
  let total = 0;
  const points = hours.map((h) => {
    good += Number(h.good);
    total += Number(h.total);
    const hourRatio = errorRatio({ good: Number(h.good), total: Number(h.total) });
    return {
      at: h.at.toISOString(),
      good: Number(h.good),
      total: Number(h.total),
      sli: hourRatio === null ? null : 1 - hourRatio,
      budgetRemaining: budgetRemaining(errorRatio({ good, total }), budget),
    };
  });
  return { objective: slo.objectivePercent / 100, period: status.period, dataUntil: status.dataUntil, points };
}
