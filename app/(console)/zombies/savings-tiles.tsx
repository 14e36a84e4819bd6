import type { getZombieSavings } from "@/lib/zombies/savings";
import { Tile } from "../_components/tile";
import { mainFirst } from "./group-order";
import { savingsText } from "./zombie-format";

export type ZombieSavings = Awaited<ReturnType<typeof getZombieSavings>>;

/**
 * Idle spend (estimated), approved and realised monthly savings, one row per currency (never added
 * across currencies), and how many findings are still open: getZombieSavings, as the Overview reads it.
 */
export function SavingsTiles({ savings }: { savings: ZombieSavings }) {
  const totals = mainFirst(savings.totals);
  if (!totals.length)
    return (
      <section className="tiles" aria-label="Savings">
        <Tile label="Idle spend" value="–" hint="no findings with cost lines yet" muted testId="tile-idle-spend" />
      </section>
    );
  const several = totals.length > 1;
  return (
    <>
      {totals.map((t) => (
        <section className="tiles" aria-label={`Savings in ${t.currency}`} key={t.currency}>
          <Tile
            label={several ? `Idle spend, ${t.currency}` : "Idle spend"}
            value={savingsText(t.estimated, t.currency)}
            hint="undecided findings, not protected"
            testId="tile-idle-spend"
          />
          <Tile
            label="Approved savings"
            value={savingsText(t.approved, t.currency)}
            hint="approved, until the teardown is seen"
            testId="tile-approved"
          />
          <Tile
            label="Realised savings"
            value={savingsText(t.realised, t.currency)}
            hint="teardowns verified in the bill"
            testId="tile-realised"
          />
          <Tile
            label="Open findings"
            value={t.findings.toLocaleString("en-US")}
            hint={`billed in ${t.currency}, not rejected or verified`}
            testId="tile-open-findings"
          />
        </section>
      ))}
    </>
  );
}
