import Link from "next/link";
import type { GroupKey } from "@/lib/attribution/schemas";
import { Segmented } from "../_components/segmented";
import { GROUP_LABELS } from "./cost-labels";

export const WINDOWS = { "30d": 30, "90d": 90 } as const;

interface Choice {
  groupBy: GroupKey;
  metric: "billed" | "effective";
  window: keyof typeof WINDOWS;
}

/** Group by, metric and window as links, so every view has its own address. */
export function CostControls(choice: Choice) {
  const link = (changes: Partial<Record<keyof Choice, string>>) =>
    `/costs?${new URLSearchParams({ ...choice, ...changes })}`;
  return (
    <section className="card">
      <div className="card-head">
        <Segmented
          label="Group by"
          options={Object.entries(GROUP_LABELS).map(([key, label]) => ({ key, label, href: link({ groupBy: key }) }))}
          current={choice.groupBy}
        />
        <Segmented
          label="Metric"
          options={[
            { key: "effective", label: "Effective (amortized)", href: link({ metric: "effective" }) },
            { key: "billed", label: "Billed", href: link({ metric: "billed" }) },
          ]}
          current={choice.metric}
        />
        <Segmented
          label="Window"
          options={Object.keys(WINDOWS).map((key) => ({ key, label: key, href: link({ window: key }) }))}
          current={choice.window}
        />
        <span>
          <Link href="/costs/budgets">Budgets →</Link> · <Link href="/costs/inventory">Inventory →</Link> ·{" "}
          <Link href="/costs/imports">Imports →</Link>
        </span>
      </div>
    </section>
  );
}
