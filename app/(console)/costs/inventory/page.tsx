import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { listInventory } from "@/lib/costs/list-inventory";
import type { SearchParams } from "@/lib/http/page-params";
import { completeDays } from "@/lib/time";
import { Card } from "../../_components/card";
import { Problem } from "../../_components/filter-field";
import { PageHeader } from "../../_components/not-built";
import { inventoryParams, PAGE_SIZE as PAGE } from "./params";
import { InventoryFilter, InventoryTable } from "./inventory-table";
import { StateUpload } from "./state-upload";
import { AwsUpload } from "./aws-upload";
import { UnmanagedSection } from "./unmanaged-section";
import { Segmented } from "../../_components/segmented";

export const metadata: Metadata = { title: "Inventory" };
export const dynamic = "force-dynamic";

const STATE_NOTE = "format version 4; the same lineage again replaces its resources, an older serial is refused";
const AWS_NOTE =
  "the JSON the AWS CLI prints; each describe output is a snapshot: what it no longer lists is marked gone";

type Props = { searchParams: Promise<SearchParams> };

export default async function InventoryPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  // A bad page or filter is said on the page, with the filter form to correct it, instead of the table.
  const { values: search, problem } = inventoryParams(await searchParams);
  const page = search?.page ?? 0;
  const view = search?.view ?? "managed";
  const { from, to } = completeDays(30);
  const inventory =
    search && view === "managed"
      ? await listInventory(ctx, { limit: PAGE, offset: page * PAGE, q: search.q, from, to })
      : { items: [], total: 0, states: 0 };
  const link = (p: number) =>
    `/costs/inventory?${new URLSearchParams({ ...(search?.q ? { q: search.q } : {}), page: String(p) })}`;
  return (
    <>
      <PageHeader
        title="Inventory"
        subtitle="Resources from imported Terraform state with what their cost lines add up to over 30 days, and those no state manages"
        back={{ href: "/costs", label: "← Costs" }}
      />
      {can(ctx.actor, "ingest:iac") && (
        <Card id="state-title" title="Import a Terraform state" note={STATE_NOTE}>
          <StateUpload />
        </Card>
      )}
      {can(ctx.actor, "ingest:iac") && (
        <Card id="aws-title" title="Import AWS CLI output" note={AWS_NOTE}>
          <AwsUpload />
        </Card>
      )}
      <Segmented
        label="Resources"
        options={[
          { key: "managed", label: "In Terraform state", href: "/costs/inventory" },
          { key: "unmanaged", label: "Unmanaged", href: "/costs/inventory?view=unmanaged" },
        ]}
        current={view}
      />
      {search && view === "unmanaged" ? (
        <UnmanagedSection ctx={ctx} q={search.q} page={page} view={view} />
      ) : (
        <Card
          id="inventory-title"
          title={
            problem
              ? "Resources"
              : `${inventory.total.toLocaleString("en-US")} resources from ${inventory.states} state${inventory.states === 1 ? "" : "s"}`
          }
          aside={<InventoryFilter q={search?.q ?? ""} />}
        >
          {problem && <Problem testId="invalid-parameter">Invalid parameter: {problem}</Problem>}
          <InventoryTable items={inventory.items} />
          <p className="pager">
            {page > 0 && <Link href={link(page - 1)}>← Previous</Link>}{" "}
            {(page + 1) * PAGE < inventory.total && <Link href={link(page + 1)}>Next →</Link>}
          </p>
        </Card>
      )}
    </>
  );
}
