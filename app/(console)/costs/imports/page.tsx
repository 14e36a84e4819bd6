import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { type ImportPage, listImports } from "@/lib/costs/list-imports";
import { VigilError } from "@/lib/errors";
import { PageHeader } from "../../_components/not-built";
import { ImportsTable } from "./imports-table";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Billing imports" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ after?: string }> };

export default async function ImportsPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const { after } = await searchParams;
  let page: ImportPage = { items: [], nextAfter: null };
  let problem: string | null = null;
  try {
    page = await listImports(ctx, { limit: 50, after });
  } catch (err) {
    // A bad page link (?after=zz) is said on the page, naming the parameter, like other filters.
    if (!(err instanceof VigilError && err.code === "bad_request")) throw err;
    problem = err.message;
  }
  return (
    <>
      <PageHeader
        title="Billing imports"
        subtitle="Every billing file imported, by upload, API or the watched folder, including the ones refused"
      />
      {can(ctx.actor, "ingest:billing") && (
        <section className="card" aria-labelledby="upload-title">
          <div className="card-head">
            <h2 id="upload-title">Import a file</h2>
            <span className="muted">
              CSV, JSON lines or Parquet, gzip or not. A file lands whole or not at all; importing a billing period
              again replaces it.
            </span>
          </div>
          <UploadForm />
        </section>
      )}
      <section className="card" aria-labelledby="imports-title">
        <div className="card-head">
          <h2 id="imports-title">Imports</h2>
          <Link href="/costs">← Costs</Link>
        </div>
        {problem ? (
          <p className="form-error" role="alert" data-testid="imports-problem">
            {problem} <Link href="/costs/imports">Newest imports</Link>
          </p>
        ) : page.items.length === 0 ? (
          <p className="empty-note">Nothing imported yet.</p>
        ) : (
          <ImportsTable items={page.items} />
        )}
        {page.nextAfter && (
          <p className="pager">
            <Link href={`/costs/imports?after=${page.nextAfter}`}>Older imports →</Link>
          </p>
        )}
      </section>
    </>
  );
}
