import type { DoraTier } from "@/lib/delivery/dora-tiers";
import { tiersTitle, tierText } from "./dora-format";
import styles from "./delivery.module.css";

/** The 2023 tier as a coloured word (the colour repeats the word), with both tables in its title. */
export function TierBadge({ tier2021, tier2023 }: { tier2021: DoraTier | null; tier2023: DoraTier | null }) {
  return (
    <span
      className={`${styles.tier} ${tier2023 ? styles[tier2023] : styles.none}`}
      title={tiersTitle({ tier2021, tier2023 })}
      data-testid="dora-tier"
    >
      {tierText(tier2023)}
    </span>
  );
}
