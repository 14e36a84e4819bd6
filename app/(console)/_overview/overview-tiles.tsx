import { formatUsd } from "@/lib/decimal";
import { changeOf } from "@/lib/overview/period-figures";
import type { Overview } from "@/lib/overview/schemas";
import { addDays } from "@/lib/time";
import { Tile } from "../_components/tile";
import { DeltaTile } from "./delta-tile";
import styles from "./overview.module.css";

const arrow = (sign: number) => (sign > 0 ? "▲" : sign < 0 ? "▼" : "=");
const percent = (value: number | null) => (value === null ? "" : ` (${value > 0 ? "+" : ""}${value.toFixed(1)}%)`);

/** "▲ $1,204 (+4.1%) vs …" from two exact amounts. */
function moneyDelta(current: string, previous: string, against: string, cents = false): string {
  const { change, percent: share } = changeOf(current, previous);
  const sign = change.startsWith("-") ? -1 : change === "0" ? 0 : 1;
  return `${arrow(sign)} ${formatUsd(change.replace(/^-/, ""), { cents })}${percent(share)} ${against}`;
}

const shortDays = (from: string, to: string) => `${from.slice(5)} – ${addDays(to, -1).slice(5)}`;

export function OverviewTiles({ overview }: { overview: Overview }) {
  const { current, previous, window, metric } = overview;
  const against = `vs ${shortDays(previous.from, previous.to)}`;
  const points =
    current.unallocatedPercent === null || previous.unallocatedPercent === null
      ? null
      : current.unallocatedPercent - previous.unallocatedPercent;
  const services = current.servicesWithSpend - previous.servicesWithSpend;
  return (
    <>
      <h2 className={styles.rowTitle}>
        Last {window.days} days against the {window.days} before
      </h2>
      <section className="tiles" aria-label={`Last ${window.days} days`}>
        <DeltaTile
          label={`${metric === "billed" ? "Billed" : "Effective"} cost, ${window.days} days`}
          value={formatUsd(current.total, { cents: false })}
          delta={moneyDelta(current.total, previous.total, against)}
          testId="tile-spend"
        />
        <DeltaTile
          label="Average per day"
          value={formatUsd(current.averagePerDay)}
          delta={moneyDelta(current.averagePerDay, previous.averagePerDay, against, true)}
          hint="over the days that have spend"
        />
        <DeltaTile
          label="Unallocated"
          value={current.unallocatedPercent === null ? "–" : `${current.unallocatedPercent.toFixed(1)}%`}
          delta={points === null ? null : `${arrow(Math.sign(points))} ${Math.abs(points).toFixed(1)} pts ${against}`}
          hint="No tag rule or telemetry explains it"
          testId="tile-unallocated"
        />
        <DeltaTile
          label="Services with spend"
          value={String(current.servicesWithSpend)}
          delta={`${arrow(Math.sign(services))} ${Math.abs(services)} ${against}`}
        />
      </section>
      <MonthTiles overview={overview} />
    </>
  );
}

function MonthTiles({ overview }: { overview: Overview }) {
  const { month } = overview;
  const { budgets } = month;
  const sameDays = `vs the first ${month.days} days of ${addDays(`${month.month}-01`, -1).slice(0, 7)}`;
  const tone = budgets.over ? "bad" : budgets.atRisk ? "warn" : budgets.count ? "ok" : undefined;
  return (
    <>
      <h2 className={styles.rowTitle}>This month ({month.month}), complete days</h2>
      <section className="tiles" aria-label="This month">
        <DeltaTile
          label="Month to date"
          value={formatUsd(month.spent, { cents: false })}
          delta={month.days ? moneyDelta(month.spent, month.previousSpent, sameDays) : null}
          hint={
            <span title={month.forecastMethod}>
              forecast {formatUsd(month.projected, { cents: false })} by month end
            </span>
          }
          testId="tile-month"
        />
        <DeltaTile
          label="Budgets"
          value={budgets.count ? `${budgets.onTrack} of ${budgets.count} on track` : "none set"}
          delta={budgets.count ? `${budgets.over} over · ${budgets.atRisk} at risk` : null}
          hint={
            budgets.teams
              ? `team budgets: ${formatUsd(budgets.teams.spent, { cents: false })} of ${formatUsd(budgets.teams.limit, { cents: false })}, forecast ${formatUsd(budgets.teams.projected, { cents: false })}`
              : "no team budgets"
          }
          tone={tone}
          href="/costs/budgets"
          testId="tile-budgets"
        />
        <Tile label="MTTR" value="not measured yet" hint="Needs incident events" muted />
        <Tile label="Deployment frequency" value="not measured yet" hint="Needs CI/CD events" muted />
      </section>
    </>
  );
}
