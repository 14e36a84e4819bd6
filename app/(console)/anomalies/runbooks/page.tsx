import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import { firstValue, type SearchParams } from "@/lib/http/page-params";
import { listRunbooks } from "@/lib/runbooks/list-runbooks";
import { Card } from "../../_components/card";
import { Problem } from "../../_components/filter-field";
import { PageHeader } from "../../_components/not-built";
import { OlderPage } from "../../_components/older-page";
import { RunbooksTable } from "./runbooks-table";

export const metadata: Metadata = { title: "Runbooks" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

const PAGE = 50;

/** Everyone who reads sees the runbooks; only admins get New and the editor. */
export default async function RunbooksPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const cursor = firstValue((await searchParams).cursor) || undefined;
  const page = await listRunbooks(ctx, { cursor, limit: PAGE }).catch((err: unknown) => {
    if (err instanceof VigilError && err.code === "bad_request")
      return { items: [], nextCursor: null, problem: err.message };
    throw err;
  });
  const manage = can(ctx.actor, "runbooks:manage");
  return (
    <>
      <PageHeader
        title="Runbooks"
        subtitle="Calls to your own automation that an anomaly or an SLO alert can run, once someone approves"
        back={{ href: "/anomalies", label: "← Anomalies" }}
      />
      <Card
        id="runbooks-title"
        title="Runbooks"
        note={manage ? "by name" : "by name; only an admin can change them"}
        aside={
          manage && (
            <Link href="/anomalies/runbooks/new" className="button button-primary">
              New runbook
            </Link>
          )
        }
      >
        {"problem" in page && <Problem testId="invalid-parameter">{page.problem}</Problem>}
        <RunbooksTable
          items={page.items}
          empty={manage ? "No runbooks yet: create one with New runbook." : "No runbooks yet; an admin creates them."}
        />
        <OlderPage path="/anomalies/runbooks" param="cursor" value={page.nextCursor} label="More runbooks" />
      </Card>
    </>
  );
}
