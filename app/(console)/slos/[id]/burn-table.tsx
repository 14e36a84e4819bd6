import type { SloDetail } from "@/lib/slo/get-slo";
import { alertWindows, BURN_WINDOWS, type BurnWindow } from "@/lib/slo/slo-windows";
import { Cell } from "../../_components/cell";
import { DataTable, num } from "../../_components/data-table";
import { formatBurn, formatMinute } from "../slo-format";
import styles from "./slo-page.module.css";

const WINDOWS = Object.keys(BURN_WINDOWS) as BurnWindow[];

/** Each window's burn rate: how many times faster than the window's budget allows. */
export function BurnRates({ slo }: { slo: SloDetail }) {
  return (
    <DataTable
      testId="burn-rates"
      columns={[...WINDOWS.map((w) => num(w)), num("Whole window")]}
      items={[slo.burnRates]}
      row={(burns) => (
        <tr key="burns">
          {WINDOWS.map((w) => (
            <td key={w} className="num" data-testid={`burn-${w}`}>
              {formatBurn(burns[w])}
            </td>
          ))}
          <td className="num">{formatBurn(burns.period)}</td>
        </tr>
      )}
    />
  );
}

/**
 * The four multi-window alerts: each pair of windows, its factor (the burn that spends its share
 * of the budget), both burns against it, and whether the pair is breached in this evaluation.
 */
export function AlertPairs({ slo }: { slo: SloDetail }) {
  const { period, conditions } = slo.evaluation;
  const pairs = alertWindows(Date.parse(period.to) - Date.parse(period.from));
  return (
    <>
      <p className="muted small" data-testid="alert-states">
        {(["page", "ticket"] as const)
          .map((s) => `${s}: ${slo.alerts[s].state} since ${formatMinute(slo.alerts[s].since)}`)
          .join(" · ")}
        {slo.definition.alerting.page.enabled ? "" : " · paging off"}
        {slo.definition.alerting.ticket.enabled ? "" : " · tickets off"}
      </p>
      <DataTable
        testId="alert-pairs"
        stacked
        columns={["Alert", "Windows", num("Factor"), num("Short burn"), num("Long burn"), "Breached"]}
        items={pairs}
        row={(pair) => {
          const breached = conditions[pair.severity].windows.some(
            (w) => w.short === pair.short && w.long === pair.long,
          );
          return (
            <tr key={`${pair.short}-${pair.long}`}>
              <Cell label="Alert">
                {pair.severity}, {pair.speed}
              </Cell>
              <Cell label="Windows">
                {pair.short} and {pair.long}
              </Cell>
              <Cell label="Factor" className="num" title={`${pair.budgetShare * 100}% of the budget over ${pair.long}`}>
                {formatBurn(pair.factor)}
              </Cell>
              <Cell label="Short burn" className="num">
                {formatBurn(slo.burnRates[pair.short])}
              </Cell>
              <Cell label="Long burn" className="num">
                {formatBurn(slo.burnRates[pair.long])}
              </Cell>
              <Cell label="Breached" className={breached ? styles.breached : undefined}>
                {breached ? "breached" : "no"}
              </Cell>
            </tr>
          );
        }}
      />
    </>
  );
}
