import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { listDrift } from "@/lib/drift/list-drift";
import { DRIFT_CAUSES, DRIFT_KINDS } from "@/lib/drift/schemas";
import { type DriftSummary, summarizeDrift } from "@/lib/drift/summarize-drift";
import type { SearchParams } from "@/lib/http/page-params";
import { Card } from "../_components/card";
import { FilterForm, type FilterSpec, Problem } from "../_components/filter-field";
import { PageHeader } from "../_components/not-built";
import { OlderPage } from "../_components/older-page";
import { Tile } from "../_components/tile";
import { CAUSE_LABELS, driftParams, driftQuery, type DriftFilters, KIND_LABELS, PAGE_SIZE } from "./drift-params";
import { DriftTable } from "./drift-table";
import { DriftUpload } from "./drift-upload";
import styles from "./drift.module.css";

export const metadata: Metadata = { title: "Drift" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

function Group({
  title,
  name,
  rows,
  labels,
}: {
  title: string;
  name: keyof DriftFilters;
  rows: { key: string; count: number }[];
  labels?: Record<string, string>;
}) {
  return (
    <div>
      <h3>{title}</h3>
      {rows.length ? (
        <ul>
          {rows.map((row) => (
            <li key={row.key}>
              <Link href={`/drift?${driftQuery({ [name]: row.key })}`} title={row.key}>
                {labels?.[row.key] ?? row.key}
              </Link>
              <span>{row.count}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-note">None open.</p>
      )}
    </div>
  );
}

const FIELDS: FilterSpec[] = [
  {
    name: "status",
    label: "Status",
    options: [
      ["", "Open"],
      ["resolved", "Resolved"],
      ["all", "All"],
    ] as const,
  },
  { name: "workspace", label: "Workspace", placeholder: "any" },
  {
    name: "kind",
    label: "Kind",
    options: [["", "Any"], ...DRIFT_KINDS.map((kind) => [kind, KIND_LABELS[kind]] as const)],
  },
  {
    name: "cause",
    label: "Cause",
    options: [["", "Any"], ...DRIFT_CAUSES.map((cause) => [cause, CAUSE_LABELS[cause]] as const)],
  },
];

function PendingChanges({ pending }: { pending: DriftSummary["pending"] }) {
  if (pending.length === 0) return null;
  return (
    <Card
      id="pending-title"
      title="Pending code changes"
      note="planned by the latest plan of each workspace, not yet applied"
    >
      <ul>
        {pending.map((change) => (
          <li key={`${change.workspace}/${change.address}`} title={change.address}>
            {change.workspace}: <span className={styles.diff}>{change.address}</span> —{" "}
            {change.replace ? "replace" : change.actions.join(", ")} since {change.firstSeen.slice(0, 10)}
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default async function DriftPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const { input, problem, filters } = driftParams(await searchParams);
  const [summary, list] = await Promise.all([
    summarizeDrift(ctx),
    input ? listDrift(ctx, input) : { items: [], next: null },
  ]);
  const count = (key: string) => summary.byKind.find((row) => row.key === key)?.count ?? 0;
  return (
    <>
      <PageHeader
        title="Drift"
        subtitle="Where live infrastructure no longer matches its Terraform: what changed, why, and what it costs"
      />
      <section className="tiles" aria-label="Drift figures">
        <Tile label="Open drift" value={String(summary.open)} testId="drift-open" />
        <Tile label="Changed outside Terraform" value={String(count("changed"))} />
        <Tile label="Deleted outside Terraform" value={String(count("missing"))} />
        <Tile label="Unmanaged" value={String(count("unmanaged"))} />
        <Tile label="Pending code changes" value={String(summary.pending.length)} hint="planned, not yet applied" />
      </section>
      <Card id="groups-title" title="Open drift" note="by workspace, kind and cause; a name filters the list">
        <div className={styles.groups}>
          <Group title="Workspace" name="workspace" rows={summary.byWorkspace} />
          <Group title="Kind" name="kind" rows={summary.byKind} labels={KIND_LABELS} />
          <Group title="Cause" name="cause" rows={summary.byCause} labels={CAUSE_LABELS} />
        </div>
      </Card>
      <Card id="drift-title" title="Drifted resources" note={`${PAGE_SIZE} a page, newest seen first`}>
        <FilterForm
          label="Filter drift"
          fields={FIELDS}
          values={filters as Record<string, string>}
          submitLabel="Filter"
          clearHref="/drift"
        />
        {problem && <Problem testId="invalid-parameter">Invalid parameter: {problem}</Problem>}
        <DriftTable
          items={list.items}
          empty={problem ? "Correct the filter to see drift." : "No drift matches these filters."}
        />
        <OlderPage path="/drift" query={driftQuery(filters)} param="cursor" value={list.next} label="More drift" />
      </Card>
      <PendingChanges pending={summary.pending} />
      {can(ctx.actor, "ingest:iac") && (
        <Card
          id="upload-title"
          title="Import a drift file"
          note="terraform show -json of a plan, terraform plan -json, or a driftctl scan"
        >
          <DriftUpload />
        </Card>
      )}
    </>
  );
}
