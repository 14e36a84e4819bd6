import { Segmented } from "../_components/segmented";
import styles from "./zombies.module.css";

const TABS = [
  { key: "findings", label: "Findings", href: "/zombies" },
  { key: "queue", label: "Approval queue", href: "/zombies/queue" },
  { key: "plans", label: "Teardown plans", href: "/zombies/plans" },
];

/** The Zombies area's three views: every finding, what waits for a decision, and the plans decisions made. */
export function ZombieTabs({ current }: { current: "findings" | "queue" | "plans" }) {
  return (
    <div className={styles.tabs}>
      <Segmented label="Zombies views" options={TABS} current={current} />
    </div>
  );
}
