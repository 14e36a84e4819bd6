import type { InventoryRow } from "@/lib/costs/list-inventory";
import { formatUsd } from "@/lib/decimal";
import { DataTable, num } from "../../_components/data-table";

export function InventoryTable({ items }: { items: InventoryRow[] }) {
  return (
    <DataTable
      testId="inventory"
      columns={["ARN or cloud id", "Terraform address", "Tags", num("Cost, 30 days")]}
      items={items}
      row={(item) => <InventoryItem key={`${item.state}|${item.address}`} item={item} />}
    />
  );
}

function InventoryItem({ item }: { item: InventoryRow }) {
  return (
    <tr>
      <td className="summary-cell mono" title={item.arn ?? item.cloudId ?? undefined}>
        {item.arn ?? item.cloudId ?? "–"}
        {item.arn && item.cloudId && item.cloudId !== item.arn && (
          <div className="muted small" title={item.cloudId}>
            id {item.cloudId}
          </div>
        )}
      </td>
      <td className="summary-cell">
        <span className="mono" title={item.address}>
          {item.address}
        </span>
        <div className="muted small">
          {item.provider.replace("registry.terraform.io/", "")} · {item.state} #{item.serial}
        </div>
      </td>
      <td className="summary-cell small">
        {Object.entries(item.tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ") || <span className="muted">none</span>}
      </td>
      <td className="num">{item.cost === "0" ? <span className="muted">no cost lines</span> : formatUsd(item.cost)}</td>
    </tr>
  );
}

export function InventoryFilter({ q, view }: { q: string; view?: string }) {
  return (
    <form className="inline-form upload-form" action="/costs/inventory">
      {view && <input type="hidden" name="view" value={view} />}
      <label>
        Filter resources <input name="q" defaultValue={q} placeholder="address, ARN, id or tag" />
      </label>
      <button className="button" type="submit">
        Filter
      </button>
    </form>
  );
}
