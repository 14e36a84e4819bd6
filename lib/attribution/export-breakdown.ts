import { type Ctx } from "../context";
import { csvOf } from "../csv";
import { addDays } from "../time";
import { parseInput } from "../validation";
import { costExplorer } from "./cost-explorer";
import { GROUP_LABELS } from "./group-labels";
import { reservedLabel } from "./reserved-keys";
import { ExportBreakdownInput } from "./schemas";

/**
 * The Costs page's breakdown table as CSV: the same verb, view and rows (the largest keys and
 * "other", or one page of every key), amounts exact rather than rounded to cents.
 */
export async function exportBreakdown(
  ctx: Ctx,
  input: ExportBreakdownInput | Record<string, string>,
): Promise<{ filename: string; csv: string }> {
  const { expand, ...view } = parseInput(ExportBreakdownInput, input);
  const figures = await costExplorer(ctx, { ...view, expand: expand === "1" });
  const withRequests = figures.requestsByKey !== null;
  const header = [
    GROUP_LABELS[view.groupBy],
    `${view.metric === "billed" ? "Billed" : "Effective"} cost (USD)`,
    "Share (%)",
    ...(withRequests ? ["Requests", "Per 1,000 requests (USD)"] : []),
  ];
  const rows = figures.breakdown.map((row) => [
    reservedLabel(row.key),
    row.cost,
    row.percent === null ? null : row.percent.toFixed(1),
    ...(withRequests ? [row.requests ?? 0, row.unitCost] : []),
  ]);
  return {
    filename: `costs-by-${view.groupBy}-${view.from}-to-${addDays(view.to, -1)}.csv`,
    csv: csvOf([header, ...rows]),
  };
}
