import type { getZombieSavings } from "@/lib/zombies/savings";
import { mainFirst } from "../zombies/group-order";
import { savingsText } from "../zombies/zombie-format";
import { DeltaTile } from "./delta-tile";
import styles from "./overview.module.css";

type Savings = Awaited<ReturnType<typeof getZombieSavings>>;

/**
 * Idle spend and realised savings a month, per currency: the Zombies page's tiles, from the same
 * getZombieSavings, so both pages show one number for one question.
 */
export function ZombieTiles({ savings }: { savings: Savings }) {
  const totals = mainFirst(savings.totals);
  const several = totals.length > 1;
  return (
    <>
      <h2 className={styles.rowTitle}>Idle resources (zombies), a month</h2>
      <section className="tiles" aria-label="Idle resources" data-testid="zombie-tiles">
        {totals.length === 0 && (
          <DeltaTile
            label="Idle spend"
            value="–"
            delta={null}
            hint="no findings with cost lines yet"
            href="/zombies"
            testId="tile-idle-spend"
          />
        )}
        {totals.map((t) => (
          <DeltaTile
            key={`idle-${t.currency}`}
            label={several ? `Idle spend, ${t.currency}` : "Idle spend"}
            value={savingsText(t.estimated, t.currency)}
            delta={null}
            hint={`undecided and unprotected; ${t.findings.toLocaleString("en-US")} open finding${t.findings === 1 ? "" : "s"}`}
            href="/zombies"
            testId="tile-idle-spend"
          />
        ))}
        {totals.map((t) => (
          <DeltaTile
            key={`realised-${t.currency}`}
            label={several ? `Realised savings, ${t.currency}` : "Realised savings"}
            value={savingsText(t.realised, t.currency)}
            delta={null}
            hint={`teardowns verified in the bill; ${savingsText(t.approved, t.currency)} more approved`}
            href="/zombies"
            testId="tile-realised"
          />
        ))}
      </section>
    </>
  );
}
