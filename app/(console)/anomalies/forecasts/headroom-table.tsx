import Link from "next/link";
import type { Headroom } from "@/lib/forecasts/schemas";
import { Cell } from "../../_components/cell";
import { DataTable, num } from "../../_components/data-table";

const rate = (value: number) => Math.round(value).toLocaleString("en-US");

/** The services whose forecast comes nearest their 30-day high, against the warning margin. */
export function HeadroomTable({ items, marginPercent }: { items: Headroom[]; marginPercent: number }) {
  return (
    <DataTable
      testId="capacity-headroom"
      stacked
      columns={["Service", num("30-day high"), num("Peak expected"), "Of the high"]}
      items={items}
      row={(item) => (
        <tr key={`${item.service}|${item.environment}`}>
          <Cell label="Service">
            <Link
              href={`/anomalies/forecasts?${new URLSearchParams({ service: item.service, environment: item.environment })}`}
            >
              {item.service}
            </Link>
            <span className="muted small"> · {item.environment || "no environment"}</span>
          </Cell>
          <Cell label="30-day high" className="num">
            {rate(item.highest)}/h
          </Cell>
          <Cell label="Peak expected" className="num">
            {rate(item.peakExpected)}/h
          </Cell>
          <Cell label="Of the high">
            <div
              className="meter"
              role="meter"
              aria-valuenow={item.peakPercent}
              aria-valuemin={0}
              aria-valuemax={100 + marginPercent}
              aria-label={`${item.peakPercent}% of the 30-day high`}
            >
              <div
                className={`meter-fill ${item.peakPercent > 100 + marginPercent ? "meter-breach" : item.peakPercent > 100 ? "meter-threshold" : "meter-ok"}`}
                style={{ width: `${Math.min(100, (item.peakPercent / (100 + marginPercent)) * 100)}%` }}
              />
              <div className="meter-mark" style={{ left: `${(100 / (100 + marginPercent)) * 100}%` }} />
            </div>
            <div className="muted small">{item.peakPercent}%</div>
          </Cell>
        </tr>
      )}
    />
  );
}
