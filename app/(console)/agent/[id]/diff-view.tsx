import { addedLines, type DiffLine, diffLines } from "./diff-lines";
import styles from "../agent.module.css";

/**
 * A unified diff (or HCL blocks to add) as a readable diff: monospace, added lines green, removed
 * red, hunk headers tinted, old and new line numbers; it scrolls sideways inside its own box.
 */
export function DiffView({
  patch,
}: {
  patch: { format: "unified-diff"; diff: string } | { format: "hcl-blocks"; hcl: string };
}) {
  const lines: DiffLine[] = patch.format === "unified-diff" ? diffLines(patch.diff) : addedLines(patch.hcl);
  return (
    <div className={styles.diff} data-testid="proposal-diff" tabIndex={0} role="region" aria-label="The patch">
      <table className={styles.diffTable}>
        <tbody>
          {lines.map((line, index) => (
            <tr key={index} className={styles[line.kind]} data-line={line.kind}>
              <td className={styles.lineNo}>{line.oldNo ?? ""}</td>
              <td className={styles.lineNo}>{line.newNo ?? ""}</td>
              <td>{line.text || " "}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
