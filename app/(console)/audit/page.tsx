import type { Metadata } from "next";
import { listAudit } from "@/lib/audit/list-audit";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import { PageHeader } from "../_components/not-built";
import { FilterForm, type FilterSpec, Problem } from "../_components/filter-field";
import { OlderPage } from "../_components/older-page";
import { AuditTable } from "./audit-table";
import { VerifyChainButton } from "./verify-chain-button";

export const metadata: Metadata = { title: "Audit trail" };
export const dynamic = "force-dynamic";

const FILTERS = ["actor", "action", "target", "from", "to"] as const;
const FIELDS: FilterSpec[] = [
  { name: "actor", label: "Actor", placeholder: "email or key name", maxLength: 254 },
  { name: "action", label: "Action", placeholder: "auth.sign_in or auth.", maxLength: 100 },
  { name: "target", label: "Target", placeholder: "user or apikey:ci", maxLength: 200 },
  { name: "from", label: "From (UTC)", placeholder: "2026-11-01T00:00:00Z" },
  { name: "to", label: "To (UTC)", placeholder: "2026-12-01T00:00:00Z" },
];
type Search = Partial<Record<(typeof FILTERS)[number] | "before", string>>;

type Filter = Record<(typeof FILTERS)[number], string>;

/** One page of entries, or why the filter was refused. */
async function readEntries(ctx: Ctx, filter: Filter, before: string | undefined) {
  try {
    return { page: await listAudit(ctx, { ...filter, before, limit: 50 }), problem: null };
  } catch (err) {
    // A bad filter says which field and why; anything else is not the reader's to see.
    if (!(err instanceof VigilError)) throw err;
    return { page: null, problem: err.message };
  }
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await pageCtx("audit:read");
  const search = await searchParams;
  const filter = Object.fromEntries(FILTERS.map((name) => [name, search[name] ?? ""])) as Filter;
  const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== ""));
  const { page, problem } = await readEntries(ctx, filter, search.before);
  return (
    <>
      <PageHeader
        title="Audit trail"
        subtitle="Every change, sign-in and decision, newest first. Entries can not be changed; each carries the hash of the one before."
      />
      <section className="card">
        <div className="card-head">
          <h2>Integrity</h2>
          <VerifyChainButton />
        </div>
      </section>
      <section className="card">
        <FilterForm
          label="Filter the audit trail"
          fields={FIELDS}
          values={filter}
          submitLabel="Filter"
          clearHref="/audit"
        >
          <a href={`/api/v1/audit/export?${query}`} className="button" download data-testid="audit-csv">
            Export CSV
          </a>
        </FilterForm>
        {problem && <Problem>{problem}</Problem>}
        {page && <AuditTable entries={page.items} />}
        <OlderPage path="/audit" query={query} param="before" value={page?.nextBefore} label="Older entries" />
      </section>
    </>
  );
}
