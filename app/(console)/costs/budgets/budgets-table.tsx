import type { BudgetStatus } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";
import { DataTable, num } from "../../_components/data-table";
import styles from "./budgets.module.css";
import { DeleteBudget } from "./delete-budget";

export const STATUS_LABELS: Record<string, string> = {
  ok: "on track",
  threshold: "past threshold",
  forecast_breach: "forecast over budget",
  breach: "over budget",
};

export function BudgetsTable({ budgets, manage }: { budgets: BudgetStatus[]; manage: boolean }) {
  return (
    <DataTable
      testId="budgets"
      columns={["Budget", num("Monthly"), num("Spent"), "Used", num("Forecast"), "Status", manage && ""]}
      items={budgets}
      empty="No budgets yet."
      row={(budget) => <BudgetRow key={budget.id} budget={budget} manage={manage} />}
    />
  );
}

function BudgetRow({ budget, manage }: { budget: BudgetStatus; manage: boolean }) {
  return (
    <tr>
      <td className={styles.keyCell}>
        <span className="strong" title={budget.key}>
          {budget.key}
        </span>
        <div className="muted small">
          {budget.scope} · {budget.metric} cost · alert at {budget.thresholdPercent}%
        </div>
      </td>
      <td className="num">{formatUsd(budget.monthlyAmount)}</td>
      <td className="num">{formatUsd(budget.forecast.monthToDate)}</td>
      <td className={styles.used}>
        <UsedMeter budget={budget} />
      </td>
      <td className="num" title={budget.forecast.method}>
        {formatUsd(budget.forecast.projected)}
        <div className="muted small">
          {budget.forecast.lower && budget.forecast.upper
            ? `${formatUsd(budget.forecast.lower)} – ${formatUsd(budget.forecast.upper)}`
            : "run rate"}
        </div>
      </td>
      <td className="nowrap">
        <span className={`pill budget-${budget.status}`}>{STATUS_LABELS[budget.status]}</span>
      </td>
      {manage && (
        <td>
          <DeleteBudget id={budget.id} label={`${budget.scope} ${budget.key}`} />
        </td>
      )}
    </tr>
  );
}

function UsedMeter({ budget }: { budget: BudgetStatus }) {
  return (
    <>
      <div
        className="meter"
        role="meter"
        aria-valuenow={budget.usedPercent}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={`${budget.usedPercent.toFixed(0)}% used`}
      >
        <div
          className={`meter-fill meter-${budget.status}`}
          style={{ width: `${Math.min(100, budget.usedPercent)}%` }}
        />
        <div className="meter-mark" style={{ left: `${budget.thresholdPercent}%` }} />
      </div>
      <div className="muted small">{budget.usedPercent.toFixed(0)}%</div>
    </>
  );
}
