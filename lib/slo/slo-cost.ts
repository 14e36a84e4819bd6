import type { Ctx } from "@/lib/context";
import { fromScaled, toScaled } from "@/lib/decimal";
import { incidentSpend } from "@/lib/delivery/incident-spend";
import type { StoredStatus } from "./record-evaluation";

// Cost of reliability: what the SLO's service spent over the SLO's period so far (effective cost,
// each UTC day's allocation pro-rated to the hours in the period: the rule the incidents' spend
// uses), and what that bought per point of the SLI above the objective.

export interface SloCost {
  /** USD, 6 decimals; null before any spend of the service is allocated for these days. */
  spend: string | null;
  /** The SLI over the period minus the objective, in percentage points (0.05 for 99.95% against 99.9%). */
  pointsAboveObjective: number | null;
  /** Spend over points above the objective; null at or below it. */
  spendPerPoint: string | null;
}

const PRECISION = 1_000_000_000n;
const CENT_MICROS = 10n ** 12n; // 1e-6 in units of 1e-18

/** a / points, truncated to 6 places as the other unit costs are. */
function perPoint(amount: string, points: number): string {
  const units = (toScaled(amount) * PRECISION) / BigInt(Math.round(points * Number(PRECISION)));
  return fromScaled((units / CENT_MICROS) * CENT_MICROS);
}

export async function sloCost(
  ctx: Ctx,
  slo: { id: string; service: string; objectivePercent: number },
  status: Pick<StoredStatus, "period" | "dataUntil" | "sli">,
): Promise<SloCost> {
  const until = new Date(status.dataUntil);
  const spent = await incidentSpend(ctx, {
    incidents: [{ id: slo.id, service: slo.service, createdAt: new Date(status.period.from), resolvedAt: until }],
    now: until,
  });
  const spend = spent.get(slo.id) ?? null;
  const points = status.sli === null ? null : Number((status.sli * 100 - slo.objectivePercent).toFixed(9));
  const spendPerPoint = spend !== null && points !== null && points > 0 ? perPoint(spend, points) : null;
  return { spend, pointsAboveObjective: points, spendPerPoint };
}
