import { afterEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
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
    expect(await running).toMatchObject({ sent: 1, retry: 0, failed: 0 });
    expect(performance.now() - stoppedAt).toBeLessThan(1_000);
  });

  it("drops deliveries finished more than 30 days ago, with their attempts, and keeps the rest", async () => {
    const server = await hookServer([200]);
    closers.push(server.close);
    const service = uniqueName("svc");
    const channel = await webhookChannel(server.url, service);
    await notify(admin, testNotice(service));
    await notify(admin, testNotice(service));
    await drainDeliveries(admin, { forMs: 0, channelId: channel.id });
    const { rows } = await pool().query<{ id: string }>(
      "SELECT id::text FROM notification_delivery WHERE channel_id = $1 ORDER BY id",
      [channel.id],
    );
    expect(rows).toHaveLength(2);
    await pool().query("UPDATE notification_delivery SET finished_at = now() - interval '31 days' WHERE id = $1", [
      rows[0].id,
    ]);
    const result = await drainDeliveries(admin, { forMs: 0, channelId: channel.id });
    expect(result.pruned).toBeGreaterThanOrEqual(1);
    const left = await pool().query("SELECT id::text FROM notification_delivery WHERE channel_id = $1", [channel.id]);
    expect(left.rows).toEqual([{ id: rows[1].id }]);
    const attempts = await pool().query("SELECT 1 FROM notification_attempt WHERE delivery_id = $1", [rows[0].id]);
    expect(attempts.rowCount).toBe(0);
  });
});
