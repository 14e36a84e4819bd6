import { BREAKDOWN_PAGE, type BreakdownRow, type CostExplorer } from "@/lib/attribution/schemas";
import { GROUP_LABELS } from "@/lib/attribution/group-labels";
import { OTHER } from "@/lib/attribution/reserved-keys";
import { formatUsd } from "@/lib/decimal";
import { type Column, DataTable, num } from "../_components/data-table";
import { type CostsView, costsHref, costsQuery } from "./costs-href";
import { KeyCell, percentText, unitCostText } from "./cost-labels";
import styles from "./costs.module.css";
import { ViewLink } from "./view-transition";

/** The window's spend per key; "other" opens into every key, a page at a time; the CSV is these rows. */
export function BreakdownTable({ view, figures }: { view: CostsView; figures: CostExplorer }) {
  const withRequests = figures.requestsByKey !== null;
  const columns: Column[] = [
    GROUP_LABELS[view.groupBy],
    num("Cost"),
    num("Share"),
    withRequests && num("Requests"),
    withRequests && num("Per 1,000 requests"),
  ];
  return (
    <>
      <DataTable
        testId="cost-breakdown"
        columns={columns}
        items={figures.breakdown}
        empty={view.expand ? "No more keys." : undefined}
        row={(row) => <Row key={row.key} row={row} view={view} withRequests={withRequests} />}
      />
      <Footer view={view} figures={figures} />
    </>
  );
}

function Row({ row, view, withRequests }: { row: BreakdownRow; view: CostsView; withRequests: boolean }) {
  return (
    <tr>
      <td className={styles.keyCell}>
        {row.key === OTHER ? (
          <ViewLink href={costsHref(view, { expand: true, page: 0 })} label="Show every key in other">
            other (show all)
          </ViewLink>
        ) : (
          <KeyCell groupBy={view.groupBy} value={row.key} />
        )}
      </td>
      <td className="num">{formatUsd(row.cost)}</td>
      <td className="num">{percentText(row.percent)}</td>
      {withRequests && <td className="num">{(row.requests ?? 0).toLocaleString("en-US")}</td>}
      {withRequests && <td className="num">{unitCostText(row.unitCost)}</td>}
    </tr>
  );
}

function Footer({ view, figures }: { view: CostsView; figures: CostExplorer }) {
  const csv = costsQuery(view, {});
  csv.delete("window");
  csv.set("from", figures.from);
  csv.set("to", figures.to);
  const pages = Math.ceil(figures.breakdownKeys / BREAKDOWN_PAGE);
  return (
    <div className={styles.tableFoot}>
      {view.expand ? (
        <span className="pager" data-testid="breakdown-pager">
          {figures.breakdownKeys.toLocaleString("en-US")} keys · page {view.page + 1} of {Math.max(1, pages)}{" "}
          {view.page > 0 && <ViewLink href={costsHref(view, { page: view.page - 1 })}>← Previous</ViewLink>}{" "}
          {view.page + 1 < pages && <ViewLink href={costsHref(view, { page: view.page + 1 })}>Next →</ViewLink>} ·{" "}
          <ViewLink href={costsHref(view, { expand: false, page: 0 })}>Collapse into other</ViewLink>
        </span>
      ) : (
        <span className="muted">{figures.breakdownKeys.toLocaleString("en-US")} keys in all</span>
      )}
      <a href={`/api/v1/costs/breakdown?${csv}`} download data-testid="breakdown-csv">
        Download these rows as CSV
      </a>
    </div>
  );
}
