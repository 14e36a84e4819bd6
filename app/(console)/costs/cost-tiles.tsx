import type { CostExplorer } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";
import { Tile } from "../_components/tile";
import { percentText, unitCostText } from "./cost-labels";

export function CostTiles({ view }: { view: CostExplorer }) {
  const days = view.daysWithData;
  return (
    <section className="tiles" aria-label="Key figures">
      <Tile
        label={`${view.metric === "billed" ? "Billed" : "Effective"} cost`}
        value={formatUsd(view.total)}
        testId="tile-total"
      />
      <Tile
        label="Average per day"
        value={formatUsd(view.averagePerDay)}
        hint={`over the ${days} day${days === 1 ? "" : "s"} with spend`}
        testId="tile-average"
      />
      <Tile
        label="Unallocated"
        value={percentText(view.unallocatedPercent)}
        hint={`${formatUsd(view.unallocated)} with no feature: no tag rule or telemetry explains it`}
        testId="tile-unallocated"
      />
      <Tile
        label="Unit cost, last 7 days"
        value={view.requestsKnown ? unitCostText(view.unitCostLastWeek) : "–"}
        hint={view.requestsKnown ? "per 1,000 requests" : "requests are not known per team, provider or resource"}
      />
      <Tile
        label="Allocated"
        value={view.lastAllocatedAt ? view.lastAllocatedAt.slice(0, 16).replace("T", " ") : "not yet"}
        hint="UTC; an import is allocated as it commits"
      />
    </section>
  );
}
