import { setTimeout as sleep } from "node:timers/promises";
import type { Ctx } from "@/lib/context";
import { type InboxRun, storeDeliveryInbox } from "@/lib/delivery/store-delivery-inbox";

/**
 * The worker's minute for queued delivery events: stores what is queued, then looks again every
 * second until the minute is nearly over, so an event queued mid-minute is stored within seconds.
 */
export async function drainDeliveryInbox(
  ctx: Ctx,
  options: { forMs?: number; pollMs?: number; limit?: number; signal?: AbortSignal } = {},
): Promise<InboxRun> {
  const { signal } = options;
  const until = Date.now() + (options.forMs ?? 50_000);
  const totals: InboxRun = { stored: 0, rejected: 0, failed: 0 };
  for (;;) {
    const run = await storeDeliveryInbox(ctx, { limit: options.limit });
    totals.stored += run.stored;
    totals.rejected += run.rejected;
    totals.failed += run.failed;
    if (Date.now() >= until || signal?.aborted) return totals;
    // Something was stored: look again at once, more may be waiting.
    if (run.stored + run.rejected > 0) continue;
    const wait = Math.min(options.pollMs ?? 1_000, Math.max(0, until - Date.now()));
    await sleep(wait, undefined, { signal }).catch(() => {});
  }
}
