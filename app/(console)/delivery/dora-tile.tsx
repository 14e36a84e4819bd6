import Link from "next/link";
import type { ReactNode } from "react";
import type { DoraMetrics } from "@/lib/delivery/dora-metrics";
import type { DoraTier } from "@/lib/delivery/dora-tiers";
import { changeText, formatMinutes, formatPerWeek } from "./dora-format";
import { TierBadge } from "./dora-tier";
import styles from "./delivery.module.css";

/**
 * One DORA figure: its value with the tier beside it, the change against the window before, and
 * what it counts. Without data it says so and points to the Delivery page, never a 0.
 */
export function DoraTile({
  label,
  value,
  aside,
  empty,
  change,
  hint,
  tiers,
  testId,
}: {
  label: string;
  value: string | null;
  aside?: string;
  empty: string;
  change?: string | null;
  hint?: ReactNode;
  tiers?: { tier2021: DoraTier | null; tier2023: DoraTier | null };
  testId: string;
}) {
  return (
    <div className="tile" data-testid={testId}>
      <div className="tile-label">{label}</div>
      {value === null ? (
        <div className={`tile-value ${styles.emptyValue}`} data-testid={`${testId}-empty`}>
          {empty} <Link href="/delivery">Delivery →</Link>
        </div>
      ) : (
        <div className={`tile-value ${styles.value}`}>
          <span data-testid={`${testId}-value`}>{value}</span>
          {aside && <span className={styles.aside}>{aside}</span>}
          {tiers && <TierBadge tier2021={tiers.tier2021} tier2023={tiers.tier2023} />}
        </div>
      )}
      {value !== null && change && (
        <div className={styles.delta} data-testid={`${testId}-change`}>
          {change}
        </div>
      )}
      {hint && <div className="tile-hint">{hint}</div>}
    </div>
  );
}

type Pair = { current: DoraMetrics; previous: DoraMetrics; versus: string };

/** MTTR as executives say it, labelled as what it is: the median time to restore, the mean beside it. */
export function MttrTile({ current, previous, versus }: Pair) {
  const now = current.timeToRestore;
  const change = changeText(now.medianMinutes, previous.timeToRestore.medianMinutes, formatMinutes);
  return (
    <DoraTile
      label="MTTR: median time to restore"
      value={now.medianMinutes === null ? null : formatMinutes(now.medianMinutes)}
      aside={`mean ${formatMinutes(now.meanMinutes)}`}
      empty={now.openIncidents ? `${now.openIncidents} open, none resolved` : "No resolved incidents recorded"}
      change={change && `${change} ${versus}`}
      hint={`incident created → resolved · ${now.incidents} resolved, ${now.openIncidents} open`}
      tiers={now}
      testId="tile-mttr"
    />
  );
}

export function FrequencyTile({ current, previous, versus }: Pair) {
  const now = current.deploymentFrequency;
  const change = changeText(now.perWeek, previous.deploymentFrequency.perWeek, formatPerWeek);
  return (
    <DoraTile
      label="Deployment frequency"
      value={now.perWeek === null ? null : formatPerWeek(now.perWeek)}
      empty="No production deployments recorded"
      change={change && `${change} ${versus}`}
      hint={`median ${now.medianDeployDaysPerWeek ?? "–"} deploy days / week · ${now.deployments} successful production deployments`}
      tiers={now}
      testId="tile-deploy-frequency"
    />
  );
}
