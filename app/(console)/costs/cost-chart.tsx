"use client";

import type { CostDay } from "@/lib/attribution/schemas";
import { OTHER } from "@/lib/attribution/reserved-keys";
import { StackedDailyBars } from "../_components/stacked-daily-bars";
import { type CostsView, costsHref, withFilter } from "./costs-href";
import styles from "./costs.module.css";
import { useGoToView } from "./view-transition";

/** The daily stack; a bar or legend entry narrows the view to its key, "other" opens the full breakdown. */
export function CostChart({ view, days, keys }: { view: CostsView; days: CostDay[]; keys: string[] }) {
  const go = useGoToView();
  return (
    <div className={styles.clickable}>
      <StackedDailyBars
        days={days.map((day) => ({ day: day.day, amounts: day.byKey }))}
        keys={keys}
        testId="cost-chart"
        onPick={(key) =>
          go(key === OTHER ? costsHref(view, { expand: true, page: 0 }) : withFilter(view, view.groupBy, key))
        }
      />
    </div>
  );
}
