import { authorize, type Ctx } from "../context";
import { db } from "../db";
import { parseInput } from "../validation";
import { type CostAlertRow, ListCostAlertsInput } from "./schemas";

/** Budget alerts newest first, paged by time. */
export async function listCostAlerts(
  ctx: Ctx,
  input: ListCostAlertsInput = {},
): Promise<{ items: CostAlertRow[]; nextBefore: string | null }> {
  authorize(ctx, "read");
  const { limit, before } = parseInput(ListCostAlertsInput, input);
  const alerts = await db().costAlert.findMany({
    where: before ? { raisedAt: { lt: new Date(before) } } : {},
    orderBy: { raisedAt: "desc" },
    take: limit + 1,
    include: { budget: { select: { scope: true, key: true } } },
  });
  const items = alerts.slice(0, limit).map((alert) => ({
    id: alert.id,
    kind: alert.kind,
    month: alert.month,
    message: alert.message,
    scope: alert.budget.scope,
    key: alert.budget.key,
    raisedAt: alert.raisedAt.toISOString(),
  }));
  return { items, nextBefore: alerts.length > limit ? items[items.length - 1].raisedAt : null };
}
