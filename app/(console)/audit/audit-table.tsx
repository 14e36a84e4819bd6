import type { listAudit } from "@/lib/audit/list-audit";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import styles from "./audit.module.css";
import { Clip } from "../_components/clip";

type Entry = Awaited<ReturnType<typeof listAudit>>["items"][number];

const show = (value: unknown): string =>
  value === undefined ? "–" : typeof value === "string" ? value : JSON.stringify(value);

/** "role: viewer → finops; method: password" from an entry's before/after summary. */
export function describe(summary: unknown): string {
  if (!summary || typeof summary !== "object") return "";
  const { before, after, ...rest } = summary as { before?: Record<string, unknown>; after?: Record<string, unknown> };
  const parts: string[] = [];
  const changed = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of changed) {
    if (before && after && show(before[key]) === show(after[key])) continue;
    parts.push(before ? `${key}: ${show(before[key])} → ${show(after?.[key])}` : `${key}: ${show(after?.[key])}`);
  }
  for (const [key, value] of Object.entries(rest)) parts.push(`${key}: ${show(value)}`);
  return parts.join("; ");
}

/** The trail as a table; in a narrow card each entry is a block of labelled lines. */
export function AuditTable({ entries }: { entries: Entry[] }) {
  return (
    <DataTable
      stacked
      className="audit-table"
      testId="audit-table"
      columns={["#", "Time (UTC)", "Actor", "Action", "Target", "Change", "From"]}
      items={entries}
      empty="No entries match."
      row={(entry) => <EntryRow key={entry.seq} entry={entry} />}
    />
  );
}

function EntryRow({ entry }: { entry: Entry }) {
  const target = `${entry.targetType}:${entry.targetId}`;
  const change = describe(entry.summary);
  return (
    <tr>
      <Cell label="#" className="mono muted">
        {entry.seq}
      </Cell>
      <Cell label="Time (UTC)" className="mono nowrap">
        {entry.at.slice(0, 19).replace("T", " ")}
      </Cell>
      <Cell label="Actor">
        <Clip text={entry.actorLabel} />
        {entry.role && <span className={`role-badge role-${entry.role}`}>{entry.role}</span>}
      </Cell>
      <Cell label="Action" className="mono">
        {entry.action}
      </Cell>
      <Cell label="Target" className="mono">
        <Clip text={target} />
      </Cell>
      <Cell label="Change" className="summary-cell">
        <span className={styles.clamp} title={change}>
          {change}
        </span>
        {entry.reason && (
          <span className={`muted ${styles.clamp}`} title={entry.reason}>
            reason: {entry.reason}
          </span>
        )}
      </Cell>
      <Cell label="From" className="mono muted">
        <span title={`request ${entry.requestId}`}>{entry.sourceIp ?? "–"}</span>
      </Cell>
    </tr>
  );
}
