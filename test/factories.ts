import { randomBytes } from "node:crypto";
import { z } from "zod";
import { authorize, type Ctx, type Role, userCtx } from "@/lib/context";
import { CostLine, Money, usageDayColumns } from "@/lib/costs/schemas";
import { db } from "@/lib/db";
import { monthOf } from "@/lib/time";

/** A name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** A UTC day of its own far in the past, so day-based rollups of parallel tests never overlap. */
/** A one-day usage line of $1.00 on `day`, in the month it starts in; overrides set any field. */
export function costLine(day: string, overrides: Partial<CostLine> = {}): CostLine {
  const nulls = Object.fromEntries(
    Object.entries(CostLine.shape).flatMap(([key, schema]) => (schema.safeParse(null).success ? [[key, null]] : [])),
  );
  return {
    ...(nulls as Partial<CostLine>),
    providerName: "AWS",
    billingAccountId: "111122223333",
    ...usageDayColumns(day),
    billedCost: "1.00",
    effectiveCost: "1.00",
    listCost: "1.00",
    serviceName: "Amazon Elastic Compute Cloud",
    tags: {},
    extras: {},
    ...overrides,
  } as CostLine;
}

/** A signed-in person of the given role, for calling verbs directly. */
export function roleCtx(role: Role): Ctx {
  return userCtx({ id: `test-${role}`, email: `${role}@test.vigil.local`, role });
}

const TestLines = z.object({
  source: z.string().min(1).max(500),
  // Lines built in tests are plain decimals: an exponent here is a mistake in the test.
  lines: z.array(CostLine.extend({ billedCost: Money, effectiveCost: Money, listCost: Money })).max(100_000),
});

/**
 * Stores cost lines under a source of their own, replacing what that source stored before, with
 * the import's permission check. Lines belong to the calendar month they start in.
 */
export async function recordCostLines(
  ctx: Ctx,
  input: { source: string; lines: CostLine[] },
): Promise<{ source: string; rows: number; billedCost: string; effectiveCost: string }> {
  authorize(ctx, "ingest:billing");
  const { source, lines } = TestLines.parse(input);
  return db().$transaction(async (tx) => {
    await tx.costLine.deleteMany({ where: { source } });
    await tx.costLine.createMany({
      data: lines.map((line) => ({
        ...line,
        source,
        billingPeriodStart: monthOf(line.chargePeriodStart).start,
        billingPeriodEnd: monthOf(line.chargePeriodStart).end,
        extras: line.extras as object,
      })),
    });
    const [totals] = await tx.$queryRaw<{ billed: string; effective: string }[]>`
      SELECT trim_scale(COALESCE(SUM(billed_cost), 0))::text AS billed, trim_scale(COALESCE(SUM(effective_cost), 0))::text AS effective
      FROM cost_line WHERE source = ${source}`;
    return { source, rows: lines.length, billedCost: totals.billed, effectiveCost: totals.effective };
  });
}
