import { Segmented } from "../_components/segmented";
import styles from "./zombies.module.css";

const TABS = [
  { key: "findings", label: "Findings", href: "/zombies" },
  { key: "queue", label: "Approval queue", href: "/zombies/queue" },
  { key: "plans", label: "Teardown plans", href: "/zombies/plans" },
  { key: "offhours", label: "Off-hours", href: "/zombies/offhours" },
];

/**
 * The Zombies area's views: every finding, what waits for a decision, the plans decisions made, and
 * the non-production compute that should sleep at night rather than go.
 */
export function ZombieTabs({ current }: { current: "findings" | "queue" | "plans" | "offhours" }) {
  return (
    <div className={styles.tabs}>
      <Segmented label="Zombies views" options={TABS} current={current} />
    </div>
  );
}
