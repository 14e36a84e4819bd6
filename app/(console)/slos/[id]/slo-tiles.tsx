import { formatUsd } from "@/lib/decimal";
import type { SloDetail } from "@/lib/slo/get-slo";
import type { SloCost } from "@/lib/slo/slo-cost";
import { Tile } from "../../_components/tile";
import { formatBudget, formatBurn, formatDuration, formatMinute, formatPercent } from "../slo-format";
import styles from "./slo-page.module.css";

/** Latency's good events are estimated within ± `uncertain`: that many events as a share of the budget. */
function uncertainty(slo: SloDetail): string | undefined {
  const { uncertain, total, errorBudget } = slo.evaluation;
  if (slo.sli.type !== "latency" || total === 0) return undefined;
  const share = uncertain / total / errorBudget;
  return `± ${formatPercent(share, 1)} (± ${Math.round(uncertain).toLocaleString("en-US")} events near the threshold)`;
}

function exhaustion(slo: SloDetail): { value: string; hint: string } {
  const t = slo.timeToExhaustion;
  if (slo.errorBudgetRemaining === null) return { value: "–", hint: "no events in the window yet" };
  if (t === null) return { value: "never", hint: "never at the current burn (5m)" };
  if (t.ms === 0) return { value: "exhausted", hint: "the window's budget is spent" };
  return { value: formatDuration(t.ms), hint: `at the current burn (5m): ${formatMinute(t.exhaustedAt)}` };
}

function costHint(cost: SloCost): string {
  if (cost.spendPerPoint !== null)
    return `${formatUsd(cost.spendPerPoint)} per point of SLI above the objective (${cost.pointsAboveObjective?.toLocaleString("en-US", { maximumSignificantDigits: 3 })} points)`;
  if (cost.pointsAboveObjective === null) return "no SLI yet, so no cost per point";
  return "at or below the objective: no points above it";
}

/** The SLO's key figures, from the same evaluation GET /api/v1/slos/{id} answers with. */
export function SloTiles({ slo, cost }: { slo: SloDetail; cost: SloCost }) {
  const e = slo.evaluation;
  const counted = slo.definition.budgetingMethod === "Occurrences" ? "events" : "slices";
  const left = exhaustion(slo);
  return (
    <div className={`tiles ${styles.tiles}`} data-testid="slo-tiles">
      <Tile
        label="SLI, window so far"
        value={formatPercent(e.sli, 3)}
        hint={`${Math.round(e.good).toLocaleString("en-US")} good of ${e.total.toLocaleString("en-US")} events; objective ${slo.definition.objectivePercent}%`}
        testId="tile-sli"
      />
      <Tile
        label="Error budget left"
        value={formatBudget(slo.errorBudgetRemaining)}
        hint={uncertainty(slo) ?? `of ${formatPercent(e.errorBudget, 3)} of ${counted} allowed to fail`}
        testId="tile-budget"
      />
      <Tile label="Budget runs out in" value={left.value} hint={left.hint} testId="tile-exhaustion" />
      <Tile
        label="Burn now (5m)"
        value={formatBurn(slo.burnRates["5m"])}
        hint="1× spends the budget exactly over the window"
        testId="tile-burn"
      />
      <Tile
        label="Cost of reliability"
        value={cost.spend === null ? "–" : formatUsd(cost.spend)}
        hint={`${slo.service}'s spend over the window so far; ${costHint(cost)}`}
        testId="tile-cost"
      />
    </div>
  );
}
