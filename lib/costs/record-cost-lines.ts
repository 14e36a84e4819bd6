import { monthOf } from "@/lib/time";
import { authorize, type Ctx } from "../context";
import { db } from "../db";
import { withSpan } from "../telemetry";
import { RecordCostLinesInput, type RecordCostLinesResult } from "./schemas";

/**
 * Stores the lines of one source in one transaction, replacing whatever that source stored before,
 * so a re-sent export never double counts.
 */
export async function recordCostLines(ctx: Ctx, input: RecordCostLinesInput): Promise<RecordCostLinesResult> {
  authorize(ctx, "ingest:billing");
  const { source, lines } = RecordCostLinesInput.parse(input);
  return withSpan("recordCostLines", { "vigil.cost.source": source, "vigil.cost.rows": lines.length }, () =>
    db().$transaction(async (tx) => {
      await tx.costLine.deleteMany({ where: { source } });
      await tx.costLine.createMany({
        data: lines.map((line) => ({
          ...line,
          source,
          chargePeriodStart: new Date(line.chargePeriodStart),
          chargePeriodEnd: new Date(line.chargePeriodEnd),
          // Lines given without one belong to the calendar month they start in.
          billingPeriodStart: new Date(monthOf(line.chargePeriodStart).start),
          billingPeriodEnd: new Date(monthOf(line.chargePeriodStart).end),
          extras: line.extras as object,
        })),
      });
      const [totals] = await tx.$queryRaw<{ billed: string; effective: string }[]>`
        SELECT trim_scale(COALESCE(SUM(billed_cost), 0))::text AS billed, trim_scale(COALESCE(SUM(effective_cost), 0))::text AS effective
        FROM cost_line WHERE source = ${source}`;
      return { source, rows: lines.length, billedCost: totals.billed, effectiveCost: totals.effective };
    }),
  );
}
