import { afterEach, describe, expect, it } from "vitest";
import { roleCtx, uniqueName } from "@/test/factories";
import { hookServer, testNotice } from "@/test/notification-hooks";
import { createChannel } from "./create-channel";
import { deliverDue } from "./deliver-due";
import { notify } from "./notify";
import type { Notice } from "./schemas";

const admin = roleCtx("admin");
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A channel of this kind at a local server, a notice for it delivered, and the body the server got. */
async function deliverThrough(kind: "slack" | "pagerduty", notice: (service: string) => Notice) {
  const server = await hookServer([kind === "pagerduty" ? 202 : 200]);
  closers.push(server.close);
  const service = uniqueName("svc");
  const fields =
    kind === "slack" ? { url: server.url } : { routingKey: "R0UT1NGKEY0123456789abcdefABCDEF", url: server.url };
  const channel = await createChannel(admin, {
    name: uniqueName(kind),
    kind,
    routing: { services: [service] },
    ...fields,
  });
  const sent = notice(service);
  await notify(admin, sent);
  const [outcome] = await deliverDue(admin, { channelId: channel.id });
  expect(outcome.outcome).toBe("sent");
  expect(server.received).toHaveLength(1);
  expect(server.received[0].headers["content-type"]).toBe("application/json");
  return { body: JSON.parse(server.received[0].body) as Record<string, unknown>, sent };
}

describe("Slack incoming webhook body (text + Block Kit blocks)", () => {
  it("has the fallback text, a header, the summary, the facts and a link button", async () => {
    const { body } = await deliverThrough("slack", (service) =>
      testNotice(service, { title: "Latency <p99> & errors", summary: "burn 14.4 > 14.4 & rising", team: "core" }),
    );
    expect(Object.keys(body).sort()).toEqual(["blocks", "text"]);
    expect(body.text).toBe("[FIRING page] Latency &lt;p99&gt; &amp; errors");
    const blocks = body.blocks as Record<string, unknown>[];
    expect(blocks.map((block) => block.type)).toEqual(["header", "section", "context", "actions"]);
    // Header text is plain_text (no escaping), at most 150 characters.
    expect(blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "[FIRING page] Latency <p99> & errors" },
    });
    expect(blocks[1]).toEqual({ type: "section", text: { type: "mrkdwn", text: "burn 14.4 &gt; 14.4 &amp; rising" } });
    const context = blocks[2] as { elements: { type: string; text: string }[] };
    expect(context.elements).toHaveLength(1);
    expect(context.elements[0].type).toBe("mrkdwn");
    expect(context.elements[0].text).toMatch(/^severity page · source slo · service svc-[0-9a-f]{8} · team core$/);
    expect(blocks[3]).toEqual({
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: "Open in Vigil" },
          url: "https://vigil.example.com/slos/1",
        },
      ],
    });
  });

  it("keeps within Slack's limits: a 300-character title is cut to 150 in the header", async () => {
    const { body } = await deliverThrough("slack", (service) =>
      testNotice(service, { title: "t".repeat(300), state: "resolved", url: null, summary: "" }),
    );
    const blocks = body.blocks as { type: string; text: { text: string } }[];
    expect([...blocks[0].text.text]).toHaveLength(150);
    expect(blocks[0].text.text.startsWith("[RESOLVED page] ttt")).toBe(true);
    expect(blocks[0].text.text.endsWith("…")).toBe(true);
    // No summary: the title stands in; no URL: no button.
    expect(blocks[1].text.text).toBe("t".repeat(300));
    expect(blocks.map((block) => block.type)).toEqual(["header", "section", "context"]);
  });
});

describe("PagerDuty Events API v2 body", () => {
  it("triggers with routing_key, dedup_key = the alert's key and the documented payload", async () => {
    const { body, sent } = await deliverThrough("pagerduty", (service) => testNotice(service, { severity: "page" }));
    expect(body).toEqual({
      routing_key: "R0UT1NGKEY0123456789abcdefABCDEF",
      event_action: "trigger",
      dedup_key: sent.key,
      payload: {
        summary: sent.title,
        source: sent.service,
        severity: "critical",
        custom_details: {
          summary: sent.summary,
          service: sent.service,
          team: "payments",
          alert_source: "slo",
          labels: { slo: "checkout-availability" },
        },
      },
      client: "Vigil",
      client_url: "https://vigil.example.com/slos/1",
      links: [{ href: "https://vigil.example.com/slos/1", text: "Open in Vigil" }],
    });
  });

  it.each([
    ["ticket", "error"],
    ["info", "info"],
  ] as const)("maps severity %s to %s", async (severity, expected) => {
    const { body } = await deliverThrough("pagerduty", (service) => testNotice(service, { severity }));
    expect((body.payload as { severity: string }).severity).toBe(expected);
  });

  it("resolves by the same dedup_key, with no payload", async () => {
    const { body, sent } = await deliverThrough("pagerduty", (service) => testNotice(service, { state: "resolved" }));
    expect(body).toEqual({
      routing_key: "R0UT1NGKEY0123456789abcdefABCDEF",
      event_action: "resolve",
      dedup_key: sent.key,
    });
  });

  it("sends a key over PagerDuty's 255 characters as its SHA-256, the same for trigger and resolve", async () => {
    const key = `k${"x".repeat(400)}`;
    const trigger = await deliverThrough("pagerduty", (service) => testNotice(service, { key }));
    const resolve = await deliverThrough("pagerduty", (service) => testNotice(service, { key, state: "resolved" }));
    expect(trigger.body.dedup_key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(resolve.body.dedup_key).toBe(trigger.body.dedup_key);
  });
});
