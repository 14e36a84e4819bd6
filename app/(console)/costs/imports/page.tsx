import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { type ImportPage, listImports } from "@/lib/costs/list-imports";
import { VigilError } from "@/lib/errors";
import { Card } from "../../_components/card";
import { Problem } from "../../_components/filter-field";
import { PageHeader } from "../../_components/not-built";
import { OlderPage } from "../../_components/older-page";
import { ImportsTable } from "./imports-table";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Billing imports" };
export const dynamic = "force-dynamic";

const UPLOAD_NOTE =
  "CSV, JSON lines or Parquet, gzip or not. A file lands whole or not at all; importing a billing period again replaces it.";

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
        <Card id="upload-title" title="Import a file" note={UPLOAD_NOTE}>
          <UploadForm />
        </Card>
      )}
      <Card id="imports-title" title="Imports" aside={<Link href="/costs">← Costs</Link>}>
        {problem ? (
          <Problem testId="imports-problem">
            {problem} <Link href="/costs/imports">Newest imports</Link>
          </Problem>
        ) : (
          <ImportsTable items={page.items} />
        )}
        <OlderPage path="/costs/imports" param="after" value={page.nextAfter} label="Older imports" />
      </Card>
    </>
  );
}
