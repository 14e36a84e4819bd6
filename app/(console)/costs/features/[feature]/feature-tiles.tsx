import type { FeatureCosts } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";
import { Tile } from "../../../_components/tile";
import { unitCostText } from "../../cost-labels";

export function FeatureTiles({ view }: { view: FeatureCosts }) {
  return (
    <section className="tiles" aria-label="Key figures">
      <Tile label="Cost, 30 days" value={formatUsd(view.cost)} testId="feature-cost" />
      <Tile label="Requests" value={view.requests.toLocaleString("en-US")} hint="entry spans with this feature" />
      <Tile
        label="Unit cost"
        value={unitCostText(view.unitCost)}
        hint="per 1,000 requests"
        testId="feature-unit-cost"
      />
      <Tile
        label={view.forecast ? `Forecast, ${view.forecast.month}` : "Forecast"}
        value={view.forecast ? formatUsd(view.forecast.projected) : "–"}
        hint={view.forecast ? `so far ${formatUsd(view.forecast.monthToDate)}` : "no spend yet this month"}
        testId="feature-forecast"
      />
    </section>
  );
}
