import { setTimeout as sleep } from "node:timers/promises";
import type { Ctx } from "../context";
import { deliverDue } from "./deliver-due";

/**
 * The worker's minute: sends what is due, then looks again every few seconds until the minute is
 * nearly over, so a notice queued mid-minute goes out within seconds rather than at the next tick.
 */
export async function drainDeliveries(ctx: Ctx, options: { forMs?: number; pollMs?: number } = {}) {
  const until = Date.now() + (options.forMs ?? 50_000);
  const totals = { sent: 0, retry: 0, failed: 0 };
  for (;;) {
    const outcomes = await deliverDue(ctx);
    for (const outcome of outcomes) totals[outcome.outcome] += 1;
    if (Date.now() >= until) return totals;
    // A full batch may mean more are waiting: look again at once.
    if (outcomes.length === 0) await sleep(Math.min(options.pollMs ?? 2_000, Math.max(0, until - Date.now())));
  }
}
