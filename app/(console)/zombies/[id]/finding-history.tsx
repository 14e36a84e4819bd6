import type { getZombie } from "@/lib/zombies/get-zombie";
import { minuteText } from "../zombie-format";
import styles from "./finding.module.css";

type Detail = Awaited<ReturnType<typeof getZombie>>;

/** "new → planned": the status a step moved the finding between, when it did. */
function moved(detail: Record<string, unknown>): string | null {
  const { from, to } = detail;
  if (typeof from !== "string" || typeof to !== "string" || from === to) return null;
  return `${from} → ${to}`;
}

/** Every step of the finding, oldest first: found, notified, approved, snoozed, planned, verified. */
export function FindingHistory({ history }: { history: Detail["history"] }) {
  if (!history.length) return <p className="empty-note">No steps recorded yet.</p>;
  return (
    <ol className={styles.timeline} data-testid="zombie-history">
      {history.map((step, index) => {
        const change = moved(step.detail);
        const until = typeof step.detail.until === "string" ? step.detail.until : null;
        return (
          <li key={index}>
            <span className={styles.step}>{step.action}</span>
            {change && <span className="muted"> · {change}</span>}
            {until && <span className="muted"> · until {minuteText(until)}</span>}
            <div className="muted small">
              {minuteText(step.at)} · {step.actor}
            </div>
            {step.reason && <p className={styles.reason}>“{step.reason}”</p>}
          </li>
        );
      })}
    </ol>
  );
}

/** The plans approving it wrote, each a download. */
export function FindingPlans({ plans }: { plans: Detail["plans"] }) {
  if (!plans.length) return <p className="empty-note">No teardown plan yet: approving the finding writes one.</p>;
  return (
    <ul className={styles.plans} data-testid="zombie-plans">
      {plans.map((plan) => (
        <li key={plan.id}>
          <a href={`/api/v1/zombies/plans/${plan.id}`} download={plan.fileName} className="mono">
            {plan.fileName}
          </a>{" "}
          <span className="muted small">
            {plan.kind === "terraform" ? "Terraform patch" : "AWS CLI script"} · {minuteText(plan.createdAt)} by{" "}
            {plan.createdBy}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Who approved so far, and whether a second approver is still needed. */
export function Approvals({ finding }: { finding: Detail["finding"] }) {
  const needed = finding.secondApproval ? 2 : 1;
  const list = finding.approvals;
  if (!list.length)
    return (
      <p className="muted">
        No approval yet
        {finding.secondApproval ? ": a production-like resource needs two people, each typing its name" : ""}.
      </p>
    );
  return (
    <ul className={styles.plans} data-testid="zombie-approvals">
      {list.map((a, index) => (
        <li key={index}>
          <strong>{a.actor}</strong> <span className="muted small">{minuteText(a.at)}</span>
          <div>“{a.reason}”</div>
        </li>
      ))}
      {list.length < needed && <li className="muted">Waiting for a second approver.</li>}
    </ul>
  );
}
