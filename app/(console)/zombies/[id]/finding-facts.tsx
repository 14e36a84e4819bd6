import Link from "next/link";
import type { ReactNode } from "react";
import type { FindingView } from "@/lib/zombies/finding-records";
import { ProtectedPill, StatusPill } from "../status-pill";
import { dueText, minuteText, ruleLabel, savingsText, zombiesHref } from "../zombie-format";
import styles from "./finding.module.css";

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

const None = () => <span className="muted">–</span>;

/** What the resource is, what it costs, who owns it, and where the finding stands. */
export function FindingFacts({
  f,
  confidenceReason,
  now,
}: {
  f: FindingView;
  confidenceReason: string | null;
  now: Date;
}) {
  return (
    <dl className={styles.meta}>
      <Fact label="Resource id">
        <span className="mono">{f.resourceId}</span>
      </Fact>
      {f.address && (
        <Fact label="Terraform address">
          <span className="mono">{f.address}</span>
        </Fact>
      )}
      {f.arn && (
        <Fact label="ARN">
          <span className="mono">{f.arn}</span>
        </Fact>
      )}
      <Fact label="Kind">
        {f.kind} · {f.provider}
        {f.region && ` · ${f.region}`} · {f.managed ? "managed by Terraform" : "unmanaged"}
      </Fact>
      <StateFacts f={f} confidenceReason={confidenceReason} now={now} />
    </dl>
  );
}

/** Where the finding stands: rule, savings, status, owner and how sure the rule is. */
function StateFacts({ f, confidenceReason, now }: { f: FindingView; confidenceReason: string | null; now: Date }) {
  return (
    <>
      <Fact label="Rule">{ruleLabel(f.rule)}</Fact>
      <Fact label="Savings a month" testId="zombie-savings">
        {savingsText(f.monthlySavings, f.currency)}
        {f.approvedSavings && (
          <div className="muted small">approved at {savingsText(f.approvedSavings, f.currency)}</div>
        )}
        {f.realisedSavings && <div className="small">realised {savingsText(f.realisedSavings, f.currency)}</div>}
      </Fact>
      <Fact label="Status">
        <StatusPill status={f.status} /> {f.protected && <ProtectedPill reason={f.protectedReason} />}
        {f.snoozedUntil && f.status === "snoozed" && (
          <div className="muted small">until {minuteText(f.snoozedUntil)}</div>
        )}
        {f.notifyDeadline && (
          <div className="muted small">
            deadline for the owner {minuteText(f.notifyDeadline)} ({dueText(f.notifyDeadline, now)})
          </div>
        )}
      </Fact>
      <Fact label="Owner">{f.owner ?? <None />}</Fact>
      <Fact label="Team">{f.team ? <Link href={zombiesHref({ team: f.team })}>{f.team}</Link> : <None />}</Fact>
      <Fact label="Service">
        {f.service ? <Link href={`/services/${encodeURIComponent(f.service)}`}>{f.service}</Link> : <None />}
      </Fact>
      <Fact label="Environment">{f.environment ?? <None />}</Fact>
      <Fact label="Confidence">
        {f.confidence}
        {confidenceReason && <div className="muted small">{confidenceReason}</div>}
      </Fact>
      <Fact label="Seen">
        first {minuteText(f.firstSeenAt)}
        <div className="muted small">last {minuteText(f.lastSeenAt)}</div>
        {f.clearedAt && <div className="muted small">no longer matched since {minuteText(f.clearedAt)}</div>}
        {f.verifiedAt && <div className="small">verified gone {minuteText(f.verifiedAt)}</div>}
      </Fact>
    </>
  );
}
