import Link from "next/link";
import { GROUP_LABELS } from "@/lib/attribution/group-labels";
import { type CostsView, costsHref, WINDOWS } from "./costs-href";
import { CostFilterBar } from "./filter-bar";
import styles from "./costs.module.css";
import { ViewSwitch } from "./view-transition";

/** Group by, metric, window and filters; each change is a new address, reached without a reload. */
export function CostControls({ view }: { view: CostsView }) {
  // A new grouping or window starts from the breakdown's first page, collapsed.
  const link = (changes: Partial<CostsView>) => costsHref(view, { expand: false, page: 0, ...changes });
  return (
    <section className="card" aria-label="View">
      <div className="card-head">
        <ViewSwitch
          label="Group by"
          options={Object.entries(GROUP_LABELS).map(([key, label]) => ({
            key,
            label,
            href: link({ groupBy: key as CostsView["groupBy"] }),
          }))}
          current={view.groupBy}
        />
        <ViewSwitch
          label="Metric"
          options={[
            { key: "effective", label: "Effective (amortized)", href: link({ metric: "effective" }) },
            { key: "billed", label: "Billed", href: link({ metric: "billed" }) },
          ]}
          current={view.metric}
        />
        <ViewSwitch
          label="Window"
          options={Object.keys(WINDOWS).map((key) => ({
            key,
            label: key,
            href: link({ window: key as CostsView["window"] }),
          }))}
          current={view.window}
        />
        <span className={styles.links}>
          <Link href="/costs/budgets">Budgets →</Link> · <Link href="/costs/inventory">Inventory →</Link> ·{" "}
          <Link href="/costs/imports">Imports →</Link>
        </span>
      </div>
      <CostFilterBar view={view} />
    </section>
  );
}
