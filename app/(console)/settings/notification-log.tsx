import type { DeliveryView } from "@/lib/notifications/schemas";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import styles from "./notifications.module.css";
import states from "./states.module.css";

export const utc = (at: string) => `${at.slice(0, 16).replace("T", " ")} UTC`;

function Attempts({ delivery }: { delivery: DeliveryView }) {
  if (delivery.log.length === 0) return <span className="muted">none</span>;
  return (
    <ol className={styles.attempts}>
      {delivery.log.map((attempt, index) => {
        const what = attempt.error ?? (attempt.status === null ? "" : String(attempt.status));
        const text = `${attempt.at.slice(11, 19)} · ${what} · ${attempt.durationMs} ms`;
        return (
          <li key={index} title={`${attempt.at}: ${attempt.outcome}, ${what}`}>
            {text}
          </li>
        );
      })}
    </ol>
  );
}

function DeliveryState({ delivery }: { delivery: DeliveryView }) {
  const tone = { sent: states.ok, failed: states.failing, pending: states.warn, silenced: "", superseded: "" }[
    delivery.state
  ];
  return (
    <>
      <span className={`badge ${tone}`}>
        <span className="dot" aria-hidden />
        {delivery.state}
      </span>
      {delivery.nextAttemptAt ? (
        <span className={`${styles.line} muted`}>next try {utc(delivery.nextAttemptAt)}</span>
      ) : null}
    </>
  );
}

/** The most recent deliveries, newest first, each with every attempt. */
export function DeliveryLog({ deliveries }: { deliveries: DeliveryView[] }) {
  return (
    <DataTable
      stacked
      testId="deliveries-table"
      columns={["Queued", "Channel", "Notice", "State", "Attempts"]}
      items={deliveries}
      empty="Nothing sent yet."
      row={(delivery) => (
        <tr key={delivery.id} data-testid="delivery-row">
          <Cell label="Queued" className="nowrap">
            <time dateTime={delivery.createdAt} title={delivery.createdAt}>
              {utc(delivery.createdAt)}
            </time>
          </Cell>
          <Cell label="Channel">
            <span className={`${styles.line} ${styles.logName}`} title={delivery.channelName}>
              {delivery.channelName}
            </span>
          </Cell>
          <Cell label="Notice">
            <span className={`${styles.line} ${styles.logLine}`} title={delivery.title}>
              {delivery.noticeState === "resolved" ? "Resolved: " : ""}
              {delivery.title}
            </span>
            <span className={`${styles.line} ${styles.logLine} muted`} title={delivery.key}>
              {delivery.severity} · {delivery.source} · {delivery.key}
            </span>
          </Cell>
          <Cell label="State">
            <DeliveryState delivery={delivery} />
          </Cell>
          <Cell label="Attempts" className={styles.attemptsCell}>
            <Attempts delivery={delivery} />
          </Cell>
        </tr>
      )}
    />
  );
}
