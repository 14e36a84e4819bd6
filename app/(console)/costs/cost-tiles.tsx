import type { CostExplorer } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";
import { Tile } from "../_components/tile";
import { percentText, unitCostText } from "./cost-labels";

export function CostTiles({ view }: { view: CostExplorer }) {
  return (
    <section className="tiles" aria-label="Key figures">
      <Tile
        label={`${view.metric === "billed" ? "Billed" : "Effective"} cost`}
        value={formatUsd(view.total, { cents: false })}
        testId="tile-total"
      />
      <Tile label="Average per day" value={formatUsd(view.averagePerDay)} />
      <Tile
        label="Unallocated"
        value={percentText(view.unallocatedPercent)}
        hint="No tag rule or telemetry explains it"
        testId="tile-unallocated"
      />
      <Tile label="Unit cost, last 7 days" value={unitCostText(view.unitCostLastWeek)} hint="per 1,000 requests" />
      <Tile
        label="Allocated"
        value={view.lastAllocatedAt ? view.lastAllocatedAt.slice(0, 16).replace("T", " ") : "not yet"}
        hint="UTC; the worker reallocates every 5 minutes"
      />
    </section>
  );
}
