import type { CurrencyTotal } from "@/lib/costs/currency-totals";
import type { ImportPage } from "@/lib/costs/list-imports";
import { formatUsd } from "@/lib/decimal";
import { addDays } from "@/lib/time";
import { DataTable, num } from "../../_components/data-table";

type ImportItem = ImportPage["items"][number];

const bytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

export function ImportsTable({ items }: { items: ImportItem[] }) {
  return (
    <DataTable
      testId="imports"
      columns={[
        "When (UTC)",
        "File",
        "Source",
        "Period",
        num("Rows"),
        num("Billed"),
        num("Effective"),
        num("Took"),
        "Status",
      ]}
      items={items}
      empty="Nothing imported yet."
      row={(item) => <ImportRow key={item.id} item={item} />}
    />
  );
}

function ImportRow({ item }: { item: ImportItem }) {
  return (
    <tr>
      <td className="nowrap">{item.createdAt.slice(0, 16).replace("T", " ")}</td>
      <td>
        <span className="strong">{item.fileName}</span>
        <div className="muted small">
          {item.format} · {bytes(item.bytes)} · {item.createdBy}
        </div>
      </td>
      <td>{item.via}</td>
      <td className="nowrap">
        {item.periodStart ? `${item.periodStart.slice(0, 10)} – ${item.periodEnd?.slice(0, 10)}` : "–"}
      </td>
      <td className="num">{item.rows.toLocaleString("en-US")}</td>
      <td className="num">
        <Amounts totals={item.totals} pick="billedCost" />
      </td>
      <td className="num">
        <Amounts totals={item.totals} pick="effectiveCost" />
      </td>
      <td className="num">{item.durationMs === null ? "–" : `${(item.durationMs / 1000).toFixed(1)} s`}</td>
      <td className="summary-cell">
        <ImportStatus item={item} />
      </td>
    </tr>
  );
}

function ImportStatus({ item }: { item: ImportItem }) {
  return (
    <>
      <span className={`pill pill-${item.status === "queued" ? "running" : item.status}`}>{item.status}</span>
      {item.status === "queued" && (
        <div className="muted small">waiting for another import of the same billing period</div>
      )}
      {item.status === "replaced" && <div className="muted small">by a newer import of the same period</div>}
      {item.status === "succeeded" && item.replacedRows > 0 && (
        <div className="muted small">replaced {item.replacedRows.toLocaleString("en-US")} earlier lines</div>
      )}
      {item.error && <div className="bad small">{item.error.message}</div>}
      {item.allocation && <AllocationState allocation={item.allocation} />}
    </>
  );
}

/** When the import's figures reached the cost views, or why they have not yet. */
function AllocationState({ allocation }: { allocation: NonNullable<ImportItem["allocation"]> }) {
  const days = `${allocation.from} – ${addDays(allocation.to, -1)}`;
  if (allocation.status === "allocated")
    return (
      <div className="muted small" data-testid="import-allocation" title={`allocated days ${days}`}>
        allocated {allocation.allocatedAt?.slice(0, 19).replace("T", " ")} UTC
      </div>
    );
  if (allocation.status === "pending")
    return (
      <div className="muted small" data-testid="import-allocation">
        allocating {days}…
      </div>
    );
  return (
    <div className="bad small" data-testid="import-allocation">
      allocation failed{allocation.error ? `: ${allocation.error}` : ""}; the worker tries again within minutes
    </div>
  );
}

/** One amount per currency, one line each: amounts in different currencies are never added. */
function Amounts({ totals, pick }: { totals: CurrencyTotal[]; pick: "billedCost" | "effectiveCost" }) {
  if (totals.length === 0) return <>–</>;
  return (
    <>
      {totals.map((total) => (
        <div key={total.currency} className="nowrap">
          {formatUsd(total[pick], { currency: total.currency })}
        </div>
      ))}
    </>
  );
}
