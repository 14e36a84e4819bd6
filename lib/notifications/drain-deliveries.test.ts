import { afterEach, describe, expect, it } from "vitest";
import { roleCtx, uniqueName } from "@/test/factories";
import { hookServer, testNotice, webhookChannel } from "@/test/notification-hooks";
import { drainDeliveries } from "./drain-deliveries";
import { notify } from "./notify";

const admin = roleCtx("admin");
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("the worker's drain loop", () => {
  it("sends a notice queued during the minute within a poll, and ends at once when the worker stops", async () => {
    const server = await hookServer([200]);
    closers.push(server.close);
    const service = uniqueName("svc");
    const channel = await webhookChannel(server.url, service);
    const stop = new AbortController();
    const running = drainDeliveries(admin, { forMs: 30_000, pollMs: 100, signal: stop.signal, channelId: channel.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const queuedAt = performance.now();
    await notify(admin, testNotice(service));
    await expect.poll(() => server.received.length, { timeout: 5_000, interval: 20 }).toBe(1);
    expect(performance.now() - queuedAt).toBeLessThan(2_000);
    const stoppedAt = performance.now();
    stop.abort();
    expect(await running).toEqual({ sent: 1, retry: 0, failed: 0 });
    expect(performance.now() - stoppedAt).toBeLessThan(1_000);
  });
});
