import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can, type Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import { firstValue, type SearchParams } from "@/lib/http/page-params";
import { listServices } from "@/lib/services/list-services";
import { listSlos } from "@/lib/slo/list-slos";
import { sloCost } from "@/lib/slo/slo-cost";
import { Card } from "../_components/card";
import { FilterForm, Problem } from "../_components/filter-field";
import { PageHeader } from "../_components/not-built";
import { OlderPage } from "../_components/older-page";
import { type SloRow, SlosTable } from "./slos-table";
import styles from "./slos.module.css";

export const metadata: Metadata = { title: "SLOs" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

const PAGE = 50;

/** A page of SLOs with each one's cost over its window; a malformed filter or cursor is said, not thrown. */
async function readSlos(ctx: Ctx, service: string | undefined, cursor: string | undefined) {
  try {
    const page = await listSlos(ctx, { service, cursor, limit: PAGE });
    const rows: SloRow[] = await Promise.all(
      page.items.map(async (item) => ({
        ...item,
        cost: await sloCost(
          ctx,
          { id: item.id, service: item.service, objectivePercent: item.definition.objectivePercent },
          item.status,
        ),
      })),
    );
    return { rows, nextCursor: page.nextCursor, problem: null };
  } catch (err) {
    if (err instanceof VigilError && err.code === "bad_request")
      return { rows: [], nextCursor: null, problem: err.message };
    throw err;
  }
}

export default async function SlosPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const search = await searchParams;
  const service = firstValue(search.service) || undefined;
  const [slos, services] = await Promise.all([
    readSlos(ctx, service, firstValue(search.cursor) || undefined),
    listServices(ctx, { limit: 200 }),
  ]);
  const manage = can(ctx.actor, "services:manage");
  const options = [["", "All services"] as const, ...services.items.map((s) => [s.name, s.name] as const)];
  return (
    <>
      <PageHeader
        title="SLOs"
        subtitle="Each service's objectives on its entry spans: error budget left, how fast it burns, and what reliability costs"
      />
      <Card
        id="slos-title"
        title="SLOs"
        note="as of the last evaluation (at most a minute old); spend: the service's over the window; per point: that spend per point of SLI above the objective"
        aside={
          manage && (
            <Link href="/slos/new" className="button button-primary">
              New SLO
            </Link>
          )
        }
      >
        <FilterForm
          label="Filter SLOs"
          className={styles.filters}
          fields={[{ name: "service", label: "Service", options }]}
          values={{ service: service ?? "" }}
          submitLabel="Filter"
          clearHref="/slos"
        />
        {slos.problem && <Problem testId="invalid-parameter">{slos.problem}</Problem>}
        <SlosTable rows={slos.rows} empty={<EmptyNote manage={manage} filtered={service !== undefined} />} />
        <OlderPage
          path="/slos"
          query={new URLSearchParams(service ? { service } : {})}
          param="cursor"
          value={slos.nextCursor}
          label="More SLOs"
        />
      </Card>
    </>
  );
}

function EmptyNote({ manage, filtered }: { manage: boolean; filtered: boolean }) {
  if (filtered) return <>No SLOs for this service.</>;
  return (
    <>
      No SLOs yet.{" "}
      {manage ? (
        <>
          <Link href="/slos/new">Create one</Link>, send it to <code>POST /api/v1/slos</code>, or put OpenSLO or Sloth
          specs in <code>VIGIL_SLO_DIR</code>.
        </>
      ) : (
        <>
          An SRE or admin creates them here, through <code>POST /api/v1/slos</code>, or from OpenSLO or Sloth specs in{" "}
          <code>VIGIL_SLO_DIR</code>.
        </>
      )}
    </>
  );
}
