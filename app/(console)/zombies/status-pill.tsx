import { statusTone } from "./zombie-format";
import styles from "./zombies.module.css";

/** A finding's place in the queue, as a coloured word. */
export function StatusPill({ status }: { status: string }) {
  return (
    <span className={`${styles.status} ${styles[statusTone(status)]}`} data-testid="zombie-status">
      {status}
    </span>
  );
}

/** Never proposed for teardown: the marker, with why in its title. */
export function ProtectedPill({ reason }: { reason: string | null }) {
  return (
    <span className={styles.protected} title={reason ?? "protected"} data-testid="zombie-protected">
      protected
    </span>
  );
}
