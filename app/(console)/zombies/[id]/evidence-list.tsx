import { chartRows, type Evidence, itemName, itemText, missingDays } from "../evidence";
import { EvidenceChart } from "./evidence-chart";
import styles from "./finding.module.css";

const rangeText = (r: { from: string; to: string }) =>
  `${r.from.slice(0, 16).replace("T", " ")} to ${r.to.slice(0, 16).replace("T", " ")}`;

/** Every measured thing behind the finding, each with its days against the threshold where it has them. */
export function EvidenceList({ evidence }: { evidence: Evidence }) {
  if (!evidence.items.length) return <p className="empty-note">This finding carries no measured evidence.</p>;
  return (
    <>
      {evidence.window && <p className="muted">Over {rangeText(evidence.window)} (UTC, the end excluded)</p>}
      <div className={styles.evidence}>
        {evidence.items.map((item, index) => {
          const rows = chartRows(item);
          const missing = missingDays(item);
          return (
            <div className={styles.item} key={`${item.name}-${index}`} data-testid="evidence-item">
              <h3 title={item.name}>{itemName(item.name)}</h3>
              <div className={styles.figure}>{itemText(item)}</div>
              {item.window && <div className="muted small">{rangeText(item.window)}</div>}
              {rows.length > 0 && <EvidenceChart rows={rows} unit={item.unit} name={itemName(item.name)} />}
              {missing > 0 && (
                <div className="muted small">
                  {missing} of {rows.length} days had no data (gaps)
                </div>
              )}
            </div>
          );
        })}
      </div>
      {evidence.notes.length > 0 && (
        <ul className={styles.notes}>
          {evidence.notes.map((note, index) => (
            <li key={index} className="small">
              {note}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
