import Link from "next/link";
import type { Ctx } from "@/lib/context";
import { listUnmanagedResources, type UnmanagedResource } from "@/lib/cloud-inventory/list-unmanaged-resources";
import { completeDays } from "@/lib/time";
import { Card } from "../../_components/card";
import { Cell } from "../../_components/cell";
import { DataTable } from "../../_components/data-table";
import { InventoryFilter } from "./inventory-table";
import { PAGE_SIZE as PAGE } from "./params";
import styles from "./unmanaged.module.css";

/**
 * Resources the AWS CLI imports or the last 30 days' bill name that no imported Terraform state
 * manages, billed ones first: candidates for import into Terraform, or for teardown.
 */
export async function UnmanagedSection({ ctx, q, page, view }: { ctx: Ctx; q?: string; page: number; view: string }) {
  const { from, to } = completeDays(30);
  const { items, total } = await listUnmanagedResources(ctx, { from, to, q, limit: PAGE, offset: page * PAGE });
  const link = (p: number) => `/costs/inventory?${new URLSearchParams({ view, ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <Card
      id="unmanaged-title"
      title={`${total.toLocaleString("en-US")} unmanaged resources`}
      aside={<InventoryFilter q={q ?? ""} view={view} />}
    >
      <p className="muted small">
        In the AWS inventory or the bill of the last 30 days, and in no imported Terraform state.
      </p>
      <DataTable
        testId="unmanaged"
        columns={["Resource", "Kind", "Where", "Seen in"]}
        items={items}
        row={(item) => (
          <UnmanagedRow key={`${item.kind}|${item.account}|${item.region}|${item.resourceId}`} item={item} />
        )}
        empty="Nothing unmanaged: every resource imported or billed is in a Terraform state."
        stacked
      />
      <p className="pager">
        {page > 0 && <Link href={link(page - 1)}>← Previous</Link>}{" "}
        {(page + 1) * PAGE < total && <Link href={link(page + 1)}>Next →</Link>}
      </p>
    </Card>
  );
}

function UnmanagedRow({ item }: { item: UnmanagedResource }) {
  const full = item.arn ?? item.resourceId;
  return (
    <tr>
      <Cell label="Resource" className="summary-cell">
        <span className={styles.marker}>Unmanaged</span>{" "}
        <span className={`mono ${styles.id}`} title={full}>
          {item.resourceId}
        </span>
        {item.name && <div className="muted small">{item.name}</div>}
      </Cell>
      <Cell label="Kind">{item.kind ?? <span className="muted">bill only</span>}</Cell>
      <Cell label="Where" className="small">
        {[item.account, item.region].filter(Boolean).join(" · ") || <span className="muted">unknown</span>}
        {item.state && <div className="muted">{item.state}</div>}
      </Cell>
      <Cell label="Seen in" className="small">
        {[item.inCloudInventory && "AWS inventory", item.billed && "bill"].filter(Boolean).join(", ")}
      </Cell>
    </tr>
  );
}
