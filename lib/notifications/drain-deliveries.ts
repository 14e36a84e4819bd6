import { setTimeout as sleep } from "node:timers/promises";
import type { Ctx } from "../context";
import { deliverDue } from "./deliver-due";
import { pruneDeliveries } from "./prune-deliveries";

/**
 * The worker's minute: sends what is due, then looks again every few seconds until the minute is
 * nearly over, so a notice queued mid-minute goes out within seconds rather than at the next tick.
 */
export async function drainDeliveries(
  ctx: Ctx,
  options: { forMs?: number; pollMs?: number; signal?: AbortSignal; channelId?: string } = {},
) {
  const { signal } = options;
  const until = Date.now() + (options.forMs ?? 50_000);
  const totals = { sent: 0, retry: 0, failed: 0, pruned: await pruneDeliveries(ctx) };
  for (;;) {
    const outcomes = await deliverDue(ctx, { channelId: options.channelId });
    for (const outcome of outcomes) totals[outcome.outcome] += 1;
    if (Date.now() >= until || signal?.aborted) return totals;
    // Something was due: look again at once, more may be waiting.
    if (outcomes.length > 0) continue;
    const wait = Math.min(options.pollMs ?? 2_000, Math.max(0, until - Date.now()));
    await sleep(wait, undefined, { signal }).catch(() => {});
  }
}
