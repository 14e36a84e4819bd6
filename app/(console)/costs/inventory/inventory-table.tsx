import type { InventoryRow } from "@/lib/costs/list-inventory";
import { formatUsd } from "@/lib/decimal";
import { DataTable, num } from "../../_components/data-table";

export function InventoryTable({ items }: { items: InventoryRow[] }) {
  return (
    <DataTable
      testId="inventory"
      columns={["Address", "Cloud id", "Tags", num("Cost, 30 days")]}
      items={items}
      row={(item) => <InventoryItem key={`${item.state}|${item.address}`} item={item} />}
    />
  );
}

function InventoryItem({ item }: { item: InventoryRow }) {
  return (
    <tr>
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
      <td className="num">{item.cost === "0" ? <span className="muted">no cost lines</span> : formatUsd(item.cost)}</td>
    </tr>
  );
}

export function InventoryFilter({ q }: { q: string }) {
  return (
    <form className="inline-form upload-form" action="/costs/inventory">
      <input name="q" defaultValue={q} placeholder="address, id or tag" aria-label="Filter resources" />
      <button className="button" type="submit">
        Filter
      </button>
    </form>
  );
}
