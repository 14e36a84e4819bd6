import Link from "next/link";
import type { TraceSummary } from "@/lib/traces/search-traces";
import { DataTable, num } from "../_components/data-table";
import { formatDuration } from "./format";
import type { TraceSort } from "./params";
import styles from "./traces.module.css";

/** A column heading that sorts by its figure: first descending, then ascending on a second click. */
function SortLink({
  by,
  label,
  sort,
  href,
}: {
  by: "start" | "duration";
  label: string;
  sort: TraceSort;
  href: (sort: TraceSort) => string;
}) {
  const active = sort.endsWith(by);
  const next: TraceSort = sort === `-${by}` ? by : `-${by}`;
  return (
    <Link href={href(next)} className={active ? "sort active" : "sort"} data-testid={`sort-${by}`}>
      {label}
      {active ? (sort.startsWith("-") ? " ↓" : " ↑") : ""}
    </Link>
  );
}

export function TraceTable({
  traces,
  range,
  sort,
  sortHref,
}: {
  traces: TraceSummary[];
  range: string;
  sort: TraceSort;
  sortHref: (sort: TraceSort) => string;
}) {
  return (
    <DataTable
      testId="trace-list"
      columns={[
        "Trace",
        "Root",
        { label: <SortLink by="start" label="Start (UTC)" sort={sort} href={sortHref} /> },
        num(<SortLink by="duration" label="Duration" sort={sort} href={sortHref} />),
        num("Spans"),
        "Error",
      ]}
      items={traces}
      empty={`No traces match in the last ${range}.`}
      row={(trace) => <TraceRow key={trace.traceId} trace={trace} />}
    />
  );
}

function TraceRow({ trace }: { trace: TraceSummary }) {
  const root = `${trace.rootService} ${trace.rootOperation}`;
  return (
    <tr>
      <td className="mono">
        <Link href={`/traces/${trace.traceId}`} className={styles.traceId} title={trace.traceId}>
          {trace.traceId}
        </Link>
      </td>
      <td className={styles.root}>
        <span className={styles.clip} title={root}>
          <span className="strong">{trace.rootService}</span>
          {trace.rootMissing && (
            <span className={styles.missing} title="The root span never arrived: this is the earliest span received">
              root missing
            </span>
          )}
        </span>
        <span className={`mono small muted ${styles.clip}`} title={trace.rootOperation}>
          {trace.rootOperation}
        </span>
      </td>
      <td className="mono nowrap">{trace.startTime.slice(0, 23).replace("T", " ")}</td>
      <td className="num nowrap">{formatDuration(trace.durationMs)}</td>
      <td className="num">{trace.spanCount}</td>
      <td className={styles.errorMessage}>
        {trace.error ? (
          <span className={styles.clip} title={trace.errorMessage ?? "error"}>
            <span className="pill pill-critical">error</span> {trace.errorMessage}
          </span>
        ) : (
          <span className="pill">ok</span>
        )}
      </td>
    </tr>
  );
}
