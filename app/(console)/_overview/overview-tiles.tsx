import { formatUsd } from "@/lib/decimal";
import { changeOf } from "@/lib/overview/period-figures";
import type { Overview } from "@/lib/overview/schemas";
import { addDays } from "@/lib/time";
import { DeltaTile } from "./delta-tile";
import styles from "./overview.module.css";

const arrow = (sign: number) => (sign > 0 ? "▲" : sign < 0 ? "▼" : "=");
const percent = (value: number | null) => (value === null ? "" : ` (${value > 0 ? "+" : ""}${value.toFixed(1)}%)`);

/** "▲ $1,204 (+4.1%) vs …" from two exact amounts. */
function moneyDelta(current: string, previous: string, against: string): string {
  const { change, percent: share } = changeOf(current, previous);
  const sign = change.startsWith("-") ? -1 : change === "0" ? 0 : 1;
  return `${arrow(sign)} ${formatUsd(change.replace(/^-/, ""))}${percent(share)} ${against}`;
}

const shortDays = (from: string, to: string) => `${from.slice(5)} – ${addDays(to, -1).slice(5)}`;

/** What the period before is, said with how much of it had spend, or that it has none to compare with. */
function against(previous: { from: string; to: string; daysWithSpend: number }, days: number): string | null {
  const range = shortDays(previous.from, previous.to);
  if (previous.daysWithSpend === 0) return null;
  return previous.daysWithSpend < days ? `vs ${range} (${previous.daysWithSpend} days with spend)` : `vs ${range}`;
}

const nothingBefore = (previous: { from: string; to: string }) =>
  `no spend ${shortDays(previous.from, previous.to)} to compare`;

export function OverviewTiles({ overview }: { overview: Overview }) {
  const { current, previous, window, metric } = overview;
  const versus = against(previous, window.days);
  // Without spend in the period before (a first bill), the row says so once instead of every tile.
  const delta = (text: (versus: string) => string) => (versus ? text(versus) : null);
  const points =
    current.unallocatedPercent === null || previous.unallocatedPercent === null
      ? null
      : current.unallocatedPercent - previous.unallocatedPercent;
  const services = current.servicesWithSpend - previous.servicesWithSpend;
  return (
    <>
      <h2 className={styles.rowTitle}>
        Last {window.days} days {versus ? `against the ${window.days} before` : `(${nothingBefore(previous)})`}
      </h2>
      <section className="tiles" aria-label={`Last ${window.days} days`}>
        <DeltaTile
          label={`${metric === "billed" ? "Billed" : "Effective"} cost, ${window.days} days`}
          value={formatUsd(current.total)}
          delta={delta((vs) => moneyDelta(current.total, previous.total, vs))}
          testId="tile-spend"
        />
        <DeltaTile
          label="Average per day"
          value={formatUsd(current.averagePerDay)}
          delta={delta((vs) => moneyDelta(current.averagePerDay, previous.averagePerDay, vs))}
          hint="over the days that have spend"
        />
        <DeltaTile
          label="Unallocated"
          value={current.unallocatedPercent === null ? "–" : `${current.unallocatedPercent.toFixed(1)}%`}
          delta={delta((vs) =>
            points === null ? "" : `${arrow(Math.sign(points))} ${Math.abs(points).toFixed(1)} pts ${vs}`,
          )}
          hint="No tag rule or telemetry explains it"
          testId="tile-unallocated"
        />
        <DeltaTile
          label="Services with spend"
          value={String(current.servicesWithSpend)}
          delta={delta((vs) => `${arrow(Math.sign(services))} ${Math.abs(services)} ${vs}`)}
        />
      </section>
      <MonthTiles overview={overview} />
    </>
  );
}

function MonthTiles({ overview }: { overview: Overview }) {
  const { month } = overview;
  const { budgets } = month;
  const versus = against(month.previous, month.days);
  const tone = budgets.over ? "bad" : budgets.atRisk ? "warn" : budgets.count ? "ok" : undefined;
  return (
    <>
      <h2 className={styles.rowTitle}>This month ({month.month}), complete days</h2>
      <section className="tiles" aria-label="This month">
        <DeltaTile
          label="Month to date"
          value={formatUsd(month.spent)}
          delta={
            month.days === 0
              ? "no complete day yet"
              : versus
                ? moneyDelta(month.spent, month.previous.spent, versus)
                : nothingBefore(month.previous)
          }
          hint={<span title={month.forecastMethod}>forecast {formatUsd(month.projected)} by month end</span>}
          testId="tile-month"
        />
        <DeltaTile
          label="Budgets"
          value={budgets.count ? `${budgets.onTrack} of ${budgets.count} on track` : "none set"}
          delta={budgets.count ? `${budgets.over} over · ${budgets.atRisk} at risk` : null}
          hint={
            budgets.teams
              ? `team budgets: ${formatUsd(budgets.teams.spent)} of ${formatUsd(budgets.teams.limit)}, forecast ${formatUsd(budgets.teams.projected)}`
              : "no team budgets"
          }
          tone={tone}
          href="/costs/budgets"
          testId="tile-budgets"
        />
      </section>
    </>
  );
}
