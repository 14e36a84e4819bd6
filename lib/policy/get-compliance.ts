import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { addDays, daysBetween, utcDay } from "../time";
import type { ControlRow } from "./control-summary";
import { FINDING_COLUMNS, type FindingRow, type FindingView, toFindingView } from "./finding-records";
import { readControls } from "./read-controls";

export const TREND_DAYS = 30;

export interface Compliance {
  controls: ControlRow[];
  /** Checks passed and failed per day (each day's last evaluation) up to today's, every day of the window. */
  /** Null before the first evaluation; a day without one keeps the state the day before left. */
  trend: { day: string; passed: number | null; failed: number | null }[];
  open: Record<string, number>;
  waivers: FindingView[];
}

type TrendDay = Compliance["trend"][number];

/** Each day's state: its own evaluation, else the last one before it, else unknown (null). */
export function carriedTrend(days: readonly string[], rows: readonly TrendDay[]): TrendDay[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  let last: TrendDay | null = null;
  return days.map((day) => {
    last = byDay.get(day) ?? last;
    return { day, passed: last?.passed ?? null, failed: last?.failed ?? null };
  });
}

/** The Compliance page's reading: controls, the trend, open findings by severity and the waivers in force. */
export async function getCompliance(ctx: Ctx, today = new Date()): Promise<Compliance> {
  authorize(ctx, "read");
  // Compliance is a state, not a total: the window ends with today's evaluation, not yesterday.
  const end = utcDay(today);
  const days = daysBetween(addDays(end, -(TREND_DAYS - 1)), addDays(end, 1));
  const [controls, trend, open, waivers] = await Promise.all([
    readControls(pool()),
    pool().query<{ day: string; passed: number; failed: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(passed)::int AS passed, sum(failed)::int AS failed
       FROM policy_control_day WHERE day >= $1::date AND day <= $2::date GROUP BY day`,
      [days[0], days[days.length - 1]],
    ),
    pool().query<{ severity: string; n: number }>(
      "SELECT severity, count(*)::int AS n FROM policy_finding WHERE status = 'open' GROUP BY severity",
    ),
    pool().query<FindingRow>(
      `SELECT ${FINDING_COLUMNS} FROM policy_finding f WHERE f.status = 'waived' ORDER BY f.waiver_until, f.id LIMIT 200`,
    ),
  ]);
  return {
    controls,
    trend: carriedTrend(days, trend.rows),
    open: Object.fromEntries(open.rows.map((row) => [row.severity, row.n])),
    waivers: waivers.rows.map(toFindingView),
  };
}
