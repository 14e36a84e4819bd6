import Link from "next/link";
import { DataTable, num } from "../../_components/data-table";
import { Segmented } from "../../_components/segmented";
import { formatMs, WINDOWS, type WindowKey } from "./windows";

interface RedRow {
  name: string;
  href: string;
  count: number;
  errors: number;
  p95Ms: number | null;
}

/** Name, rate per minute, error share and p95: the operations and neighbours of a service. */
export function RedTable({
  rows,
  minutes,
  nameLabel,
  rateLabel,
  mono,
  testId,
}: {
  rows: RedRow[];
  minutes: number;
  nameLabel: string;
  rateLabel: string;
  mono?: boolean;
  testId: string;
}) {
  return (
    <DataTable
      testId={testId}
      columns={[nameLabel, num(rateLabel), num("Errors"), num("p95")]}
      items={rows}
      row={(row) => (
        <tr key={row.name}>
          <td className={mono ? "mono" : undefined}>
            <Link href={row.href}>{row.name}</Link>
          </td>
          <td className="num">{(row.count / minutes).toFixed(2)}</td>
          <td className={row.errors ? "num bad" : "num"}>
            {row.count ? `${((row.errors / row.count) * 100).toFixed(2)}%` : "–"}
          </td>
          <td className="num nowrap">{formatMs(row.p95Ms)}</td>
        </tr>
      )}
    />
  );
}

/** The 1h / 6h / 24h / 7d switch of the service views. */
export function WindowTabs({ current, href }: { current: WindowKey; href: (window: WindowKey) => string }) {
  return (
    <Segmented
      label="Window"
      current={current}
      options={(Object.keys(WINDOWS) as WindowKey[]).map((key) => ({ key, label: key, href: href(key) }))}
    />
  );
}
