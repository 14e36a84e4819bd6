import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { listInventory } from "@/lib/costs/list-inventory";
import type { SearchParams } from "@/lib/http/page-params";
import { formatUsd } from "@/lib/decimal";
import { addDays, utcDay } from "@/lib/time";
import { PageHeader } from "../../_components/not-built";
import { inventoryParams, PAGE_SIZE as PAGE } from "./params";
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
          <form className="inline-form upload-form" action="/costs/inventory">
            <input
              name="q"
              defaultValue={search?.q ?? ""}
              placeholder="address, id or tag"
              aria-label="Filter resources"
            />
            <button className="button" type="submit">
              Filter
            </button>
          </form>
        </div>
        {problem && (
          <p className="form-error" role="alert" data-testid="invalid-parameter">
            Invalid parameter: {problem}
          </p>
        )}
        <table className="table" data-testid="inventory">
          <thead>
            <tr>
              <th>Address</th>
              <th>Cloud id</th>
              <th>Tags</th>
              <th className="num">Cost, 30 days</th>
            </tr>
          </thead>
          <tbody>
            {inventory.items.map((item) => (
              <tr key={`${item.state}|${item.address}`}>
                <td>
                  <span className="mono">{item.address}</span>
                  <div className="muted small">
                    {item.provider.replace("registry.terraform.io/", "")} · {item.state} #{item.serial}
                  </div>
                </td>
                <td className="summary-cell mono">{item.cloudId ?? "–"}</td>
                <td className="summary-cell small">
                  {Object.entries(item.tags)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(", ") || <span className="muted">none</span>}
                </td>
                <td className="num">
                  {item.cost === "0" ? <span className="muted">no cost lines</span> : formatUsd(item.cost)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="pager">
          {page > 0 && <Link href={link(page - 1)}>← Previous</Link>}{" "}
          {(page + 1) * PAGE < inventory.total && <Link href={link(page + 1)}>Next →</Link>}
        </p>
      </section>
    </>
  );
}
