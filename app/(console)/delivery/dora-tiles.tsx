import type { DoraMetrics } from "@/lib/delivery/dora-metrics";
import { changeText, formatMinutes, formatRatio } from "./dora-format";
import { DoraTile, FrequencyTile, MttrTile } from "./dora-tile";
import styles from "./delivery.module.css";

const points = (ratio: number) => `${(ratio * 100).toFixed(1)} pts`;

/** The four keys, the 2023 recovery time and the rework rate over the window, each against the window before. */
export function DoraTiles({
  current,
  previous,
  versus,
}: {
  current: DoraMetrics;
  previous: DoraMetrics;
  versus: string;
}) {
  const lead = current.leadTimeForChanges;
  const cfr = current.changeFailureRate;
  const vs = (text: string | null) => text && `${text} ${versus}`;
  return (
    <section className={`tiles ${styles.tiles}`} aria-label="DORA metrics" data-testid="dora-tiles">
      <FrequencyTile current={current} previous={previous} versus={versus} />
      <DoraTile
        label="Lead time for changes (median)"
        value={lead.medianMinutes === null ? null : formatMinutes(lead.medianMinutes)}
        empty="No deployed changes recorded"
        change={vs(changeText(lead.medianMinutes, previous.leadTimeForChanges.medianMinutes, formatMinutes))}
        hint={
          lead.pullRequests
            ? `${lead.changes} changes · PRs: coding ${formatMinutes(lead.codingMedianMinutes)}, review ${formatMinutes(lead.reviewMedianMinutes)}, deploy ${formatMinutes(lead.deployMedianMinutes)}`
            : `${lead.changes} changes, commit → production`
        }
        tiers={lead}
        testId="tile-lead-time"
      />
      <DoraTile
        label="Change failure rate"
        value={cfr.ratio === null ? null : formatRatio(cfr.ratio)}
        empty="No production deployments recorded"
        change={vs(changeText(cfr.ratio, previous.changeFailureRate.ratio, points))}
        hint={`${cfr.failedDeployments} of ${cfr.deployments} deployments led to an incident`}
        tiers={cfr}
        testId="tile-change-failure-rate"
      />
      <MttrTile current={current} previous={previous} versus={versus} />
      <RecoveryAndRework current={current} previous={previous} versus={versus} />
    </section>
  );
}

/** The 2023 recovery time (from the deployment) and the 2024 rework rate, which has no tier table. */
function RecoveryAndRework({
  current,
  previous,
  versus,
}: {
  current: DoraMetrics;
  previous: DoraMetrics;
  versus: string;
}) {
  const fdrt = current.failedDeploymentRecoveryTime;
  const rework = current.reworkRate;
  const vs = (text: string | null) => text && `${text} ${versus}`;
  return (
    <>
      <DoraTile
        label="Failed deployment recovery (median)"
        value={fdrt.medianMinutes === null ? null : formatMinutes(fdrt.medianMinutes)}
        aside={`mean ${formatMinutes(fdrt.meanMinutes)}`}
        empty="No resolved incident linked to a deployment"
        change={vs(changeText(fdrt.medianMinutes, previous.failedDeploymentRecoveryTime.medianMinutes, formatMinutes))}
        hint={`2023 definition: deployment finished → incident resolved · ${fdrt.unlinkedIncidents} unlinked`}
        tiers={fdrt}
        testId="tile-recovery"
      />
      <DoraTile
        label="Rework rate"
        value={rework.ratio === null ? null : formatRatio(rework.ratio)}
        empty="No production deployments recorded"
        change={vs(changeText(rework.ratio, previous.reworkRate.ratio, points))}
        hint={`${rework.reworkDeployments} of ${rework.deployments} deployments were unplanned fixes (no DORA tier)`}
        testId="tile-rework"
      />
    </>
  );
}
