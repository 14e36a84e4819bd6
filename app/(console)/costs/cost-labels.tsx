import Link from "next/link";
import type { GroupKey } from "@/lib/attribution/schemas";
import { OTHER, UNALLOCATED } from "@/lib/attribution/reserved-keys";
import { formatUsd } from "@/lib/decimal";
import { keyLabel } from "../_components/key-label";

/** A key as a table cell: a feature links to its page; the reserved keys read muted; long keys wrap. */
export function KeyCell({ groupBy, value }: { groupBy: GroupKey; value: string }) {
  if (groupBy === "feature" && value !== UNALLOCATED && value !== OTHER)
    return (
      <Link href={`/costs/features/${encodeURIComponent(value)}`} className="strong" title={value}>
        {value}
      </Link>
    );
  return (
    <span className={value.startsWith("__") ? "muted" : undefined} title={value}>
      {keyLabel(value)}
    </span>
  );
}

/** "12.3%" to the given places, or a dash when there is no share to show. */
export const percentText = (percent: number | null, digits = 1) =>
  percent === null ? "–" : `${percent.toFixed(digits)}%`;

/** A cost per 1,000 requests, or a dash without requests. */
export const unitCostText = (perThousand: string | null) =>
  perThousand === null ? "–" : formatUsd(perThousand, { unitPrice: true });
