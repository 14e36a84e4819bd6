import { formatUsd } from "@/lib/decimal";
import type { Overview } from "@/lib/overview/schemas";
import { Tile } from "../_components/tile";

export function OverviewTiles({ overview }: { overview: Overview }) {
  const { window, unallocatedPercent } = overview;
  return (
    <section className="tiles" aria-label="Key figures">
      <Tile
        label={`Cloud spend, ${window.days} days`}
        value={formatUsd(overview.totalSpend, { cents: false })}
        testId="tile-spend"
      />
      <Tile label="Average per day" value={formatUsd(overview.averagePerDay, { cents: false })} />
      <Tile
        label="Unallocated spend"
        value={unallocatedPercent === null ? "–" : `${unallocatedPercent.toFixed(1)}%`}
        hint="Not given to a feature by a tag or the traces"
        testId="tile-unallocated"
      />
      <Tile label="Services" value={String(overview.services.length)} />
      <Tile label="MTTR" value="not measured yet" hint="Needs incident events" muted />
      <Tile label="Deployment frequency" value="not measured yet" hint="Needs CI/CD events" muted />
    </section>
  );
}
