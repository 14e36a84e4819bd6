import Link from "next/link";
import type { CapacityWarning } from "@/lib/forecasts/schemas";
import { Cell } from "../../_components/cell";
import { DataTable, num } from "../../_components/data-table";
import { minuteText } from "../anomaly-format";

const rate = (value: number) => Math.round(value).toLocaleString("en-US");

/** Services forecast past their last 30 days' highest hour by the margin, expected ones first. */
export function CapacityTable({ warnings }: { warnings: CapacityWarning[] }) {
  return (
    <DataTable
      testId="capacity-warnings"
      stacked
      columns={["Service", "Forecast", "First hour past", num("30-day high"), num("Threshold"), num("Peak expected")]}
      items={warnings}
      empty="No service is forecast past its highest hour of the last 30 days by the margin."
      row={(warning) => (
        <tr key={`${warning.service}|${warning.environment}`}>
          <Cell label="Service">
            <Link
              href={`/anomalies/forecasts?${new URLSearchParams({ service: warning.service, environment: warning.environment })}`}
            >
              {warning.service}
            </Link>
            <span className="muted small"> · {warning.environment || "no environment"}</span>
          </Cell>
          <Cell label="Forecast">
            <span className={`pill ${warning.level === "expected" ? "budget-breach" : "budget-threshold"}`}>
              {warning.level === "expected" ? "expected past" : "upper bound past"}
            </span>
          </Cell>
          <Cell label="First hour past" className="nowrap">
            {warning.expectedAt ? `${minuteText(warning.expectedAt)} UTC` : "—"}
            <div className="muted small">upper bound from {minuteText(warning.upperAt)}</div>
          </Cell>
          <Cell label="30-day high" className="num">
            {rate(warning.highest)}/h
          </Cell>
          <Cell label="Threshold" className="num">
            {rate(warning.threshold)}/h <span className="muted small">+{warning.marginPercent}%</span>
          </Cell>
          <Cell label="Peak expected" className="num">
            {rate(warning.peakExpected)}/h
          </Cell>
        </tr>
      )}
    />
  );
}
