import type { SilenceView } from "@/lib/notifications/schemas";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import { utc } from "./notification-log";
import { MatcherLines } from "./matcher-lines";
import styles from "./notifications.module.css";
import { EndSilence } from "./silence-form";

/** Active silences and those ended this week, with their end time, reason and author. */
export function SilenceList({ silences, canSilence }: { silences: SilenceView[]; canSilence: boolean }) {
  return (
    <DataTable
      stacked
      testId="silences-table"
      columns={["Matches", "Ends", "Reason", "By", "State", canSilence && "Actions"]}
      items={silences}
      empty="No silences in the last 7 days."
      row={(silence) => (
        <tr key={silence.id} data-testid="silence-row">
          <Cell label="Matches">
            <MatcherLines lists={silence.matchers} empty="nothing" />
          </Cell>
          <Cell label="Ends" className="nowrap">
            <time dateTime={silence.expiredAt ?? silence.endsAt}>{utc(silence.expiredAt ?? silence.endsAt)}</time>
          </Cell>
          <Cell label="Reason" className={styles.wrapText}>
            {silence.reason}
          </Cell>
          <Cell label="By" className={styles.wrapText}>
            {silence.expiredBy ? `${silence.createdBy}, ended by ${silence.expiredBy}` : silence.createdBy}
          </Cell>
          <Cell label="State">{silence.active ? "active" : "ended"}</Cell>
          {canSilence ? (
            <Cell label="Actions" className={styles.endCell}>
              {silence.active ? <EndSilence id={silence.id} reason={silence.reason} /> : null}
            </Cell>
          ) : null}
        </tr>
      )}
    />
  );
}
