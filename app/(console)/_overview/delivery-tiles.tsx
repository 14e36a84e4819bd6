import type { DoraMetrics } from "@/lib/delivery/dora-metrics";
import { FrequencyTile, MttrTile } from "../delivery/dora-tile";
import styles from "./overview.module.css";

/** MTTR and deployment frequency over the Overview's window: the Delivery page's tiles, from the same getDora. */
export function DeliveryTiles({
  current,
  previous,
  days,
}: {
  current: DoraMetrics;
  previous: DoraMetrics;
  days: number;
}) {
  const versus = `vs the ${days} days before`;
  return (
    <>
      <h2 className={styles.rowTitle}>Delivery, last {days} days (tiers by the DORA 2023 table)</h2>
      <section className="tiles" aria-label={`Delivery, last ${days} days`} data-testid="delivery-tiles">
        <MttrTile current={current} previous={previous} versus={versus} />
        <FrequencyTile current={current} previous={previous} versus={versus} />
      </section>
    </>
  );
}
