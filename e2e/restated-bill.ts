import { PROMOTED } from "@/collectors/billing/parse-focus";
import type { CostLine } from "@/lib/costs/schemas";
import { demoZombieCostLines } from "@/lib/demo/demo-zombie-bill";
import { addDays, utcDay } from "@/lib/time";

// A later delivery of the demo sandbox account's FOCUS bill, as AWS sends it: the current month
// restated in full, now through tomorrow, with a torn-down resource charged nothing any more.

const COLUMNS = [...PROMOTED];

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The restated bill as FOCUS CSV: this month's days through tomorrow, without `goneResource`'s lines. */
export function restatedSandboxBill(goneResource: string, now = new Date()): string {
  const today = utcDay(now);
  const month = today.slice(0, 7);
  const lines = demoZombieCostLines(addDays(today, 2)).filter(
    (line) => String(line.chargePeriodStart).slice(0, 7) >= month && line.resourceId !== goneResource,
  );
  const field = (line: CostLine, column: string) =>
    (line as unknown as Record<string, unknown>)[column[0].toLowerCase() + column.slice(1)];
  return (
    [COLUMNS.join(","), ...lines.map((line) => COLUMNS.map((c) => cell(field(line, c))).join(","))].join("\n") + "\n"
  );
}
