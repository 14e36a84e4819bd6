import type { Ctx } from "../context";
import { pool } from "../db";
import { createSlo } from "../slo/create-slo";
import { evaluateSlos } from "../slo/evaluate-slos";
import type { SloInput } from "../slo/schemas";
import { BURST } from "./demo-traffic";

// The demo's SLOs: availability for each service, latency for the two on the payment path. Their
// alerts are replayed over the demo's last hours as the worker would have moved them minute by
// minute, so fraud-scoring's error burst shows as a page that fired and resolved.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const OBJECTIVES: Record<string, number> = {
  "payments-api": 99,
  ledger: 99.9,
  "fraud-scoring": 99,
  kyc: 99,
  notifications: 99.5,
};

export const DEMO_SLOS: SloInput[] = [
  ...["payments-api", "ledger", "fraud-scoring", "kyc", "notifications"].map((service) => ({
    name: `${service}-availability`,
    displayName: `${service} availability`,
    description: "Entry requests that do not fail",
    service,
    sli: { type: "availability" as const },
    // Near what each demo service delivers over the month (about 0.5% failing payments, fraud
    // checks and KYC lookups), so the budgets are partly spent, not all gone.
    objectivePercent: OBJECTIVES[service],
    window: "30d" as const,
  })),
  {
    name: "payments-api-latency",
    displayName: "payments-api latency",
    description: "Payment requests answered within 500 ms",
    service: "payments-api",
    sli: { type: "latency", thresholdMs: 500 },
    objectivePercent: 95,
    window: "28d",
  },
  {
    name: "ledger-latency",
    displayName: "ledger latency",
    description: "Ledger entries written within 250 ms, by the hour",
    service: "ledger",
    sli: { type: "latency", thresholdMs: 250 },
    objectivePercent: 99,
    window: "30d",
    budgetingMethod: "RatioTimeslices",
    timeSlice: { windowMinutes: 60 },
  },
];

/**
 * Creates the demo SLOs not there yet, then replays their evaluations from two hours before the
 * burst up to `nowMs` (a replay of a past already evaluated changes nothing); how many were created.
 */
export async function storeDemoSlos(ctx: Ctx, nowMs: number): Promise<number> {
  const { rows } = await pool().query<{ name: string }>("SELECT name FROM slo WHERE name = ANY ($1)", [
    DEMO_SLOS.map((s) => s.name),
  ]);
  const existing = new Set(rows.map((r) => r.name));
  let created = 0;
  for (const slo of DEMO_SLOS)
    if (!existing.has(slo.name)) {
      await createSlo(ctx, slo);
      created++;
    }
  // Every minute around the burst (its page pends, fires and resolves), every 5 minutes elsewhere.
  const burstAt = nowMs - BURST.startsHoursAgo * HOUR;
  const end = Math.floor(nowMs / MINUTE) * MINUTE;
  for (let at = Math.floor((burstAt - 2 * HOUR) / MINUTE) * MINUTE; at <= end;) {
    await evaluateSlos(ctx, new Date(at), new Date(at));
    const nearBurst = at >= burstAt - 10 * MINUTE && at <= burstAt + (BURST.minutes + 45) * MINUTE;
    at += nearBurst ? MINUTE : 5 * MINUTE;
  }
  await evaluateSlos(ctx, new Date(end), new Date(end));
  return created;
}
