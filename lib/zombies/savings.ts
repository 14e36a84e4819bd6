import type pg from "pg";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { utcDay } from "../time";
import { money } from "./finding-records";

// Estimated, approved and realised monthly savings per currency: now (from the findings) and per
// day (what each day's last scan saw). The Overview's "idle spend" and "realised savings" tiles
// and the Zombies page read this one verb.

// Estimated: detected and awaiting a decision, not protected. Approved: approved until verified.
// Realised: verified teardowns, at the monthly cost they had when approved.
const TOTALS = `SELECT trim(currency) AS currency,
    coalesce(sum(monthly_savings) FILTER (WHERE cleared_at IS NULL AND status IN ('new', 'notified', 'snoozed') AND NOT protected), 0)::text AS estimated,
    coalesce(sum(approved_savings) FILTER (WHERE status IN ('approved', 'planned', 'done')), 0)::text AS approved,
    coalesce(sum(realised_savings) FILTER (WHERE status = 'verified'), 0)::text AS realised,
    (count(*) FILTER (WHERE cleared_at IS NULL AND status NOT IN ('rejected', 'verified')))::int AS findings
  FROM zombie_finding WHERE currency IS NOT NULL GROUP BY 1 ORDER BY 1`;

interface TotalsRow {
  currency: string;
  estimated: string;
  approved: string;
  realised: string;
  findings: number;
}

const view = (row: TotalsRow) => ({
  currency: row.currency,
  estimated: money(row.estimated)!,
  approved: money(row.approved)!,
  realised: money(row.realised)!,
  findings: row.findings,
});

/** Records today's totals (UTC); the scan calls it in its transaction. */
export async function recordSavingsDay(client: pg.ClientBase, now: Date): Promise<void> {
  await client.query(
    `INSERT INTO zombie_savings_day (day, currency, estimated, approved, realised, findings)
       SELECT $1::date, t.currency, t.estimated::numeric, t.approved::numeric, t.realised::numeric, t.findings
       FROM (${TOTALS}) t
     ON CONFLICT (day, currency) DO UPDATE SET estimated = excluded.estimated, approved = excluded.approved,
       realised = excluded.realised, findings = excluded.findings`,
    [utcDay(now)],
  );
}

/** The totals now, and each day's of the `days` UTC days up to the one holding `now`. */
export async function getZombieSavings(ctx: Ctx, days = 90, now = new Date()) {
  authorize(ctx, "read");
  const [totals, history] = await Promise.all([
    pool().query<TotalsRow>(TOTALS),
    pool().query<TotalsRow & { day: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, trim(currency) AS currency, estimated::text, approved::text,
         realised::text, findings FROM zombie_savings_day
       WHERE day > $2::date - $1::int AND day <= $2::date ORDER BY day, currency`,
      [days, utcDay(now)],
    ),
  ]);
  return {
    totals: totals.rows.map(view),
    history: history.rows.map((row) => ({ day: row.day, ...view(row) })),
  };
}
