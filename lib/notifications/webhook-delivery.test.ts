import { createHmac, timingSafeEqual } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { roleCtx, uniqueName } from "@/test/factories";
import { hookServer, testNotice, webhookChannel } from "@/test/notification-hooks";
import { deliverDue } from "./deliver-due";
import { listChannels } from "./list-channels";
import { listDeliveries } from "./list-deliveries";
import { notify } from "./notify";

const admin = roleCtx("admin");
const SECRET = "s3cret-for-the-receiver-side";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setUp(statuses: number[], answerHeaders: Record<string, string> = {}) {
  const server = await hookServer(statuses, answerHeaders);
  closers.push(server.close);
  const service = uniqueName("svc");
  const channel = await webhookChannel(server.url, service, SECRET);
  return { server, service, channel };
}

const seconds = (start: Date, s: number) => new Date(start.getTime() + s * 1000);

/** What a receiver does, written from the documented scheme rather than Vigil's own signing code. */
function receiverAccepts(headers: Record<string, unknown>, body: string, secret: string, nowSeconds: number): boolean {
  const timestamp = String(headers["x-vigil-timestamp"]);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
  const given = String(headers["x-vigil-signature"]);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describe("a webhook channel against a real HTTP server", () => {
  it("signs the body so the receiver can check it, and a tampered body or old timestamp fails", async () => {
    const { server, service, channel } = await setUp([200]);
    const notice = testNotice(service);
    expect(await notify(admin, notice)).toEqual({ queued: 1, silenced: 0 });
    const now = new Date();
    const [outcome] = await deliverDue(admin, { channelId: channel.id, now });
    expect(outcome).toMatchObject({ outcome: "sent", status: 200, error: null });
    expect(server.received).toHaveLength(1);
    const { headers, body } = server.received[0];
    const nowSeconds = Math.floor(now.getTime() / 1000);
    expect(receiverAccepts(headers, body, SECRET, nowSeconds)).toBe(true);
    expect(receiverAccepts(headers, body.replace("burning", "Burning"), SECRET, nowSeconds)).toBe(false);
    expect(receiverAccepts(headers, body, "another-secret-entirely", nowSeconds)).toBe(false);
    expect(receiverAccepts(headers, body, SECRET, nowSeconds + 301)).toBe(false);
    expect(headers["content-type"]).toBe("application/json");
    expect(JSON.parse(body)).toEqual({
      version: 1,
      deliveryId: outcome.deliveryId,
      ...notice,
    });
    expect(headers["x-vigil-delivery"]).toBe(outcome.deliveryId);
  });

  it("retries a 500 only after the backoff, then records each attempt in the log", async () => {
    const { server, service, channel } = await setUp([500, 200]);
    await notify(admin, testNotice(service));
    const start = new Date();
    expect((await deliverDue(admin, { channelId: channel.id, now: start }))[0]).toMatchObject({
      outcome: "retry",
      status: 500,
      error: "HTTP 500: answer 500",
    });
    expect(await deliverDue(admin, { channelId: channel.id, now: seconds(start, 29) })).toEqual([]);
    expect(server.received).toHaveLength(1);
    const [second] = await deliverDue(admin, { channelId: channel.id, now: seconds(start, 31) });
    expect(second).toMatchObject({ outcome: "sent", status: 200 });
    expect(server.received).toHaveLength(2);
    // The retry is signed anew for its own time, under the same delivery id.
    expect(server.received[1].headers["x-vigil-timestamp"]).toBe(String(Math.floor(start.getTime() / 1000) + 31));
    expect(server.received[1].headers["x-vigil-delivery"]).toBe(server.received[0].headers["x-vigil-delivery"]);

    const { items } = await listDeliveries(admin, { channel: channel.id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ state: "sent", attempts: 2, lastStatus: 200, lastError: null });
    expect(items[0].log.map((a) => [a.outcome, a.status, a.error])).toEqual([
      ["retry", 500, "HTTP 500: answer 500"],
      ["sent", 200, null],
    ]);
    expect(items[0].log[0].at).toBe(start.toISOString());
    expect(items[0].log[1].at).toBe(seconds(start, 31).toISOString());
    for (const attempt of items[0].log) expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("does not retry a 400, and the channel shows as failing with the error", async () => {
    const { server, service, channel } = await setUp([400]);
    await notify(admin, testNotice(service));
    const start = new Date();
    expect((await deliverDue(admin, { channelId: channel.id, now: start }))[0]).toMatchObject({
      outcome: "failed",
      status: 400,
    });
    expect(await deliverDue(admin, { channelId: channel.id, now: seconds(start, 86_400) })).toEqual([]);
    expect(server.received).toHaveLength(1);
    const [delivery] = (await listDeliveries(admin, { channel: channel.id })).items;
    expect(delivery).toMatchObject({ state: "failed", attempts: 1, nextAttemptAt: null });
    const shown = (await listChannels(admin)).find((c) => c.id === channel.id);
    expect(shown?.health).toMatchObject({ state: "failing", lastError: "HTTP 400: answer 400" });
  });

  it.each([
    [429, "retry"],
    [408, "retry"],
    [503, "retry"],
    [404, "failed"],
    [410, "failed"],
    [302, "failed"],
  ])("answers %i are a %s", async (status, expected) => {
    const { service, channel } = await setUp([status]);
    await notify(admin, testNotice(service));
    const [outcome] = await deliverDue(admin, { channelId: channel.id });
    expect(outcome.outcome).toBe(expected);
    expect(outcome.status).toBe(status);
  });

  it("backs off 30 s, 2 min, 10 min, 30 min, 2 h and then gives up, visibly", async () => {
    const { server, service, channel } = await setUp([502]);
    await notify(admin, testNotice(service));
    let at = new Date();
    const waits = [30, 120, 600, 1800, 7200];
    await deliverDue(admin, { channelId: channel.id, now: at });
    for (const wait of waits) {
      expect(await deliverDue(admin, { channelId: channel.id, now: seconds(at, wait - 1) })).toEqual([]);
      at = seconds(at, wait);
      expect(await deliverDue(admin, { channelId: channel.id, now: at })).toHaveLength(1);
    }
    expect(await deliverDue(admin, { channelId: channel.id, now: seconds(at, 86_400) })).toEqual([]);
    expect(server.received).toHaveLength(6);
    const [delivery] = (await listDeliveries(admin, { channel: channel.id, state: "failed" })).items;
    expect(delivery.attempts).toBe(6);
    expect(delivery.log.map((a) => a.outcome)).toEqual(["retry", "retry", "retry", "retry", "retry", "failed"]);
  });

  it("waits as long as a 429's Retry-After asks when that is longer than the backoff", async () => {
    const { server, service, channel } = await setUp([429, 200], { "retry-after": "600" });
    await notify(admin, testNotice(service));
    const start = new Date();
    expect((await deliverDue(admin, { channelId: channel.id, now: start }))[0].outcome).toBe("retry");
    expect(await deliverDue(admin, { channelId: channel.id, now: seconds(start, 599) })).toEqual([]);
    expect((await deliverDue(admin, { channelId: channel.id, now: seconds(start, 600) }))[0].outcome).toBe("sent");
    expect(server.received).toHaveLength(2);
  });

  it("a resolve replaces the trigger still waiting for its retry, so it is never sent after the resolve", async () => {
    const { server, service, channel } = await setUp([500, 200]);
    const firing = testNotice(service);
    await notify(admin, firing);
    const start = new Date();
    expect((await deliverDue(admin, { channelId: channel.id, now: start }))[0].outcome).toBe("retry");
    expect(await notify(admin, { ...firing, state: "resolved" })).toEqual({ queued: 1, silenced: 0 });
    const sent = await deliverDue(admin, { channelId: channel.id, now: seconds(start, 1) });
    expect(sent).toHaveLength(1);
    expect(await deliverDue(admin, { channelId: channel.id, now: seconds(start, 86_400) })).toEqual([]);
    expect(server.received.map((r) => JSON.parse(r.body).state)).toEqual(["firing", "resolved"]);
    const { items } = await listDeliveries(admin, { channel: channel.id });
    expect(items.map((d) => [d.noticeState, d.state, d.attempts])).toEqual([
      ["resolved", "sent", 1],
      ["firing", "superseded", 1],
    ]);
  });

  it("retries when nothing listens, naming the network error", async () => {
    const { server, service, channel } = await setUp([200]);
    await server.close();
    await notify(admin, testNotice(service));
    const [outcome] = await deliverDue(admin, { channelId: channel.id });
    expect(outcome.outcome).toBe("retry");
    expect(outcome.status).toBeNull();
    expect(outcome.error).toContain("ECONNREFUSED");
  });

  it("queues without waiting for a channel that never answers", async () => {
    const hanging = await import("node:http").then(({ createServer }) => createServer(() => {}));
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    closers.push(async () => {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    });
    const service = uniqueName("svc");
    const { port } = hanging.address() as { port: number };
    await webhookChannel(`http://127.0.0.1:${port}/hook`, service);
    const started = performance.now();
    expect(await notify(admin, testNotice(service))).toEqual({ queued: 1, silenced: 0 });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
