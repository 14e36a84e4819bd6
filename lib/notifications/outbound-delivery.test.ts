import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { roleCtx, uniqueName } from "@/test/factories";
import { hookServer, testNotice, webhookChannel } from "@/test/notification-hooks";
import { createChannel } from "./create-channel";
import { deliverDue } from "./deliver-due";
import { listChannels } from "./list-channels";
import { listDeliveries } from "./list-deliveries";
import { notify } from "./notify";
import { parseAllowList } from "./outbound-guard";
import { postJson } from "./send-http";
import { testChannel } from "./test-channel";
import { updateChannel } from "./update-channel";

// This file's processes allow an on-premises range only, not the 127.0.0.1 the other tests allow,
// so its hook servers on 127.0.0.1 are what an unlisted private receiver is.
process.env.VIGIL_NOTIFY_ALLOW_PRIVATE = "10.0.0.0/8";

const admin = roleCtx("admin");
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function server() {
  const hook = await hookServer([200]);
  closers.push(hook.close);
  const port = new URL(hook.url).port;
  return { ...hook, port, byName: `http://localhost:${port}/hook` };
}

const LOOPBACK_BY_NAME = "localhost resolves to 127.0.0.1, which is a loopback address";

describe("outbound notification requests against a real local server", () => {
  it("runs under an allow-list without 127.0.0.1", () => {
    expect(env().VIGIL_NOTIFY_ALLOW_PRIVATE).toEqual(["10.0.0.0/8"]);
  });

  it("refuses 127.0.0.1 without the allow-list and delivers with it", async () => {
    const hook = await server();
    const refused = await postJson(hook.url, "{}", {}, parseAllowList([]));
    expect(refused).toMatchObject({
      ok: false,
      retryable: false,
      status: null,
      error: "refused: 127.0.0.1 is a loopback address; allow it with VIGIL_NOTIFY_ALLOW_PRIVATE",
    });
    expect(hook.received).toHaveLength(0);
    const sent = await postJson(hook.url, '{"a":1}', {}, parseAllowList(["127.0.0.1"]));
    expect(sent).toMatchObject({ ok: true, status: 200, error: null });
    expect(hook.received.map((r) => r.body)).toEqual(['{"a":1}']);
  });

  it("refuses a host name that resolves to a loopback address, and pins an allowed one to its checked address", async () => {
    const hook = await server();
    const refused = await postJson(hook.byName, "{}", {}, parseAllowList(["10.0.0.0/8", "127.0.0.2"]));
    expect(refused.error).toBe(`refused: ${LOOPBACK_BY_NAME}; allow it with VIGIL_NOTIFY_ALLOW_PRIVATE`);
    expect(await postJson(hook.byName, "{}", {}, parseAllowList([]))).toMatchObject({ ok: false, retryable: false });
    expect(hook.received).toHaveLength(0);
    const sent = await postJson(hook.byName, "{}", {}, parseAllowList(["localhost"]));
    expect(sent).toMatchObject({ ok: true, status: 200 });
    // The connection goes to the address checked, while Host stays the URL's.
    expect(hook.received[0].headers.host).toBe(`localhost:${hook.port}`);
  });

  it("a refused delivery fails at once, is logged with the reason and shows the channel failing", async () => {
    const hook = await server();
    const service = uniqueName("svc");
    const channel = await webhookChannel(hook.byName, service);
    await notify(admin, testNotice(service));
    const start = new Date();
    const [outcome] = await deliverDue(admin, { channelId: channel.id, now: start });
    expect(outcome).toMatchObject({ outcome: "failed", status: null });
    expect(outcome.error).toContain(LOOPBACK_BY_NAME);
    expect(await deliverDue(admin, { channelId: channel.id, now: new Date(start.getTime() + 86_400_000) })).toEqual([]);
    expect(hook.received).toHaveLength(0);
    const [delivery] = (await listDeliveries(admin, { channel: channel.id })).items;
    expect(delivery).toMatchObject({ state: "failed", attempts: 1, nextAttemptAt: null, lastStatus: null });
    expect(delivery.log.map((a) => [a.outcome, a.error])).toEqual([["failed", outcome.error]]);
    const shown = (await listChannels(admin)).find((c) => c.id === channel.id);
    expect(shown?.health).toMatchObject({ state: "failing", lastError: outcome.error });
    expect(await testChannel(admin, channel.id)).toMatchObject({ outcome: "failed", error: outcome.error });
  });

  it.each([
    ["webhook", { url: "http://169.254.169.254/latest/meta-data/", secret: "a-long-enough-secret-123" }],
    ["webhook", { url: "http://2130706433/hook", secret: "a-long-enough-secret-123" }],
    ["slack", { url: "http://0x7f.1/services/T/B/X" }],
    ["pagerduty", { routingKey: "R0UT1NGKEY", url: "http://[::ffff:192.168.0.1]/v2/enqueue" }],
  ])("creating a %s channel with a refused literal address is a 400 naming url", async (kind, fields) => {
    const input = { name: uniqueName("refused"), kind, ...fields };
    const error = await createChannel(admin, input).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: "bad_request", details: { field: "url" } });
    expect((error as Error).message).toMatch(
      /^url: refused: \S+ is a (cloud metadata|loopback|private) address; allow/,
    );
    expect((await listChannels(admin)).some((c) => c.name === input.name)).toBe(false);
  });

  it("editing a channel to a refused address is a 400, an allowed private range is taken", async () => {
    const channel = await webhookChannel("https://hooks.example.com/vigil", uniqueName("svc"));
    await expect(updateChannel(admin, channel.id, { url: "http://[::1]:9/" })).rejects.toMatchObject({
      code: "bad_request",
      details: { field: "url" },
      message: "url: refused: ::1 is a loopback address; allow it with VIGIL_NOTIFY_ALLOW_PRIVATE",
    });
    const moved = await updateChannel(admin, channel.id, { url: "http://10.20.30.40:9093/relay" });
    expect(moved.target).toBe("http://10.20.30.40:9093/relay");
  });

  it("gives up on a receiver that never answers, or stalls in its answer, after the attempt's 10 s", async () => {
    const stalling = http.createServer((req, res) => {
      if (req.url === "/half") res.writeHead(200, { "content-type": "text/plain" }).write("partial");
    });
    await new Promise<void>((resolve) => stalling.listen(0, "127.0.0.1", resolve));
    closers.push(async () => {
      stalling.closeAllConnections();
      await new Promise((resolve) => stalling.close(resolve));
    });
    const base = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`;
    const allow = parseAllowList(["127.0.0.1"]);
    const started = performance.now();
    const outcomes = await Promise.all([
      postJson(`${base}/none`, "{}", {}, allow),
      postJson(`${base}/half`, "{}", {}, allow),
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(9_900);
    for (const outcome of outcomes)
      expect(outcome).toMatchObject({ ok: false, retryable: true, status: null, error: "no answer within 10 s" });
  });
});
