import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can, type Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import { getCompliance, TREND_DAYS } from "@/lib/policy/get-compliance";
import { listFindings } from "@/lib/policy/list-findings";
import { FINDING_SEVERITIES, FINDING_STATUSES, TOOLS } from "@/lib/policy/schemas";
import { Card } from "../_components/card";
import { FilterForm, type FilterSpec, Problem } from "../_components/filter-field";
import { PageHeader } from "../_components/not-built";
import { OlderPage } from "../_components/older-page";
import { Tile } from "../_components/tile";
import styles from "./compliance.module.css";
import { ControlsTable } from "./controls-table";
import { FindingsTable } from "./findings-table";
import { TrendChart } from "./trend-chart";

export const metadata: Metadata = { title: "Compliance" };
export const dynamic = "force-dynamic";

const FILTERS = ["status", "severity", "tool"] as const;
type Search = Partial<Record<(typeof FILTERS)[number] | "cursor", string>>;
const any = ["", "any"] as const;
const FIELDS: FilterSpec[] = [
  { name: "status", label: "Status", options: [...FINDING_STATUSES, "all"].map((s) => [s, s] as const) },
  { name: "severity", label: "Severity", options: [any, ...FINDING_SEVERITIES.map((s) => [s, s] as const)] },
  { name: "tool", label: "Tool", options: [any, ...TOOLS.map((t) => [t, t] as const)] },
];

async function readFindings(ctx: Ctx, search: Search) {
  try {
    return { page: await listFindings(ctx, { ...search, limit: 50 }), problem: null };
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    return { page: null, problem: err.message };
  }
}

/** Distinct controls, and those with a failing check in any environment. */
function controlCounts(rows: { control: string; failed: number }[]) {
  const failing = new Set(rows.filter((c) => c.failed > 0).map((c) => c.control)).size;
  return { failing, controls: new Set(rows.map((c) => c.control)).size };
}

export default async function CompliancePage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await pageCtx("read");
  const search = await searchParams;
  const filter = Object.fromEntries(FILTERS.map((name) => [name, search[name] ?? ""]));
  const [compliance, { page, problem }] = await Promise.all([getCompliance(ctx), readFindings(ctx, search)]);
  const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== ""));
  const { failing, controls } = controlCounts(compliance.controls);
  return (
    <>
      <PageHeader
        title="Compliance"
        subtitle="Policy rules over every imported Terraform state and scanner report, mapped to PCI DSS, SOC 2, ISO 27001 and residency controls."
      />
      <div className={styles.tiles}>
        <Tile label="Controls failing" value={`${failing} of ${controls}`} testId="tile-controls-failing" />
        {(["critical", "high", "medium", "low"] as const).map((severity) => (
          <Tile key={severity} label={`Open ${severity}`} value={String(compliance.open[severity] ?? 0)} />
        ))}
        <Tile label="Waivers in force" value={String(compliance.waivers.length)} />
      </div>
      <Card
        id="controls"
        title="Controls by environment"
        aside={
          <span className={`${styles.actions} ${styles.noPrint}`}>
            <a href={"/api/v1/policy/report"} className="button" download data-testid="compliance-csv">
              Export CSV
            </a>
            <Link href="/compliance/report" className="button">
              Printable report
            </Link>
          </span>
        }
      >
        <ControlsTable rows={compliance.controls} />
      </Card>
      <Card id="trend" title="Trend" note={`checks per day, last ${TREND_DAYS} days`}>
        <TrendChart rows={compliance.trend} />
      </Card>
      <Card id="findings" title="Findings">
        <FilterForm
          label="Filter findings"
          fields={FIELDS}
          values={filter}
          submitLabel="Filter"
          clearHref="/compliance"
        />
        {problem ? (
          <Problem testId="findings-problem">{problem}</Problem>
        ) : (
          <FindingsTable items={page?.items ?? []} canWaive={can(ctx.actor, "costs:manage")} actor={ctx.actor} />
        )}
        <OlderPage path="/compliance" query={query} param="cursor" value={page?.nextCursor} label="More findings" />
      </Card>
      <Card id="waivers" title="Waivers" note="accepted risks, reopened when they end">
        <FindingsTable items={compliance.waivers} testId="waivers-table" />
      </Card>
    </>
  );
}
