import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { listInventory } from "@/lib/costs/list-inventory";
import type { SearchParams } from "@/lib/http/page-params";
import { addDays, utcDay } from "@/lib/time";
import { PageHeader } from "../../_components/not-built";
import { inventoryParams, PAGE_SIZE as PAGE } from "./params";
import { InventoryFilter, InventoryTable } from "./inventory-table";
import { StateUpload } from "./state-upload";

export const metadata: Metadata = { title: "Inventory" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

export default async function InventoryPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  // A bad page or filter is said on the page, with the filter form to correct it, instead of the table.
  const { values: search, problem } = inventoryParams(await searchParams);
  const page = search?.page ?? 0;
  const to = addDays(utcDay(new Date()), 1);
  const from = addDays(to, -30);
  const inventory = search
    ? await listInventory(ctx, { limit: PAGE, offset: page * PAGE, q: search.q, from, to })
    : { items: [], total: 0, states: 0 };
  const link = (p: number) =>
    `/costs/inventory?${new URLSearchParams({ ...(search?.q ? { q: search.q } : {}), page: String(p) })}`;
  return (
    <>
      <PageHeader
        title="Inventory"
        subtitle="Managed resources from imported Terraform state, with what their cost lines add up to over 30 days"
      />
      <p>
        <Link href="/costs">← Costs</Link>
      </p>
      {can(ctx.actor, "ingest:iac") && (
        <section className="card" aria-labelledby="state-title">
          <div className="card-head">
            <h2 id="state-title">Import a Terraform state</h2>
            <span className="muted">
              format version 4; the same lineage again replaces its resources, an older serial is refused
            </span>
          </div>
          <StateUpload />
        </section>
      )}
      <section className="card" aria-labelledby="inventory-title">
        <div className="card-head">
          <h2 id="inventory-title">
            {problem
              ? "Resources"
              : `${inventory.total.toLocaleString("en-US")} resources from ${inventory.states} state${inventory.states === 1 ? "" : "s"}`}
          </h2>
          <InventoryFilter q={search?.q ?? ""} />
        </div>
        {problem && (
          <p className="form-error" role="alert" data-testid="invalid-parameter">
            Invalid parameter: {problem}
          </p>
        )}
        <InventoryTable items={inventory.items} />
        <p className="pager">
          {page > 0 && <Link href={link(page - 1)}>← Previous</Link>}{" "}
          {(page + 1) * PAGE < inventory.total && <Link href={link(page + 1)}>Next →</Link>}
        </p>
      </section>
    </>
  );
}
