import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteChannel, PATCH as patchChannel } from "@/app/api/v1/notifications/channels/[id]/route";
import { POST as sendTest } from "@/app/api/v1/notifications/channels/[id]/test/route";
import { GET as listChannels, POST as createChannel } from "@/app/api/v1/notifications/channels/route";
import { GET as listDeliveries } from "@/app/api/v1/notifications/deliveries/route";
import { DELETE as expireSilence } from "@/app/api/v1/notifications/silences/[id]/route";
import { GET as listSilences, POST as createSilence } from "@/app/api/v1/notifications/silences/route";
import { uniqueName } from "@/test/factories";
import { callHandler, sessionCookie } from "@/test/http-callers";
import { hookServer } from "@/test/notification-hooks";

let admin: string;
let sre: string;
let viewer: string;
let ok: Awaited<ReturnType<typeof hookServer>>;
const SECRET = "the-channel-secret-never-shown";

beforeAll(async () => {
  [admin, sre, viewer] = await Promise.all([sessionCookie("admin"), sessionCookie("sre"), sessionCookie("viewer")]);
  ok = await hookServer([200]);
});
afterAll(() => ok.close());

const send = (method: string, cookie: string, body?: unknown) => ({
  method,
  headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
  body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
});
const webhook = (overrides: Record<string, unknown> = {}) => ({
  name: uniqueName("api"),
  kind: "webhook",
  url: ok.url,
  secret: SECRET,
  routing: { services: [uniqueName("svc")] },
  ...overrides,
});
const create = (body: unknown, cookie = admin) =>
  callHandler(createChannel, "/api/v1/notifications/channels", send("POST", cookie, body));

describe("channels API", () => {
  it("creates a channel and never answers its secrets", async () => {
    const response = await create(webhook());
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toMatchObject({ kind: "webhook", target: ok.url, secrets: { secret: "set" } });
    const slackUrl = `${ok.url}/T000/B000/XXXXSECRETXXXX`;
    // Every channel here is routed to a service of its own: a catch-all would take other files' notices.
    const routing = { services: [uniqueName("svc")] };
    const slack = await create({ name: uniqueName("slack"), kind: "slack", url: slackUrl, routing });
    expect(await slack.json()).toMatchObject({ target: "Slack incoming webhook", secrets: { url: "set" } });
    const listed = await (await callHandler(listChannels, "/api/v1/notifications/channels", send("GET", admin))).text();
    expect(listed).not.toContain(SECRET);
    expect(listed).not.toContain("XXXXSECRETXXXX");
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["ftp URL", { url: "ftp://example.com/hook" }, "url: must be an http(s) URL such as https://example.com/hook"],
    ["javascript URL", { url: "javascript:alert(1)" }, "url: must be an http(s) URL such as https://example.com/hook"],
    ["URL without host", { url: "http://" }, "url: must be an http(s) URL such as https://example.com/hook"],
    ["URL over 2,000", { url: `https://a.example/${"p".repeat(2000)}` }, "url: must be 1 to 2000 characters"],
    ["URL with NUL", { url: "https://a.example/\u0000" }, "url: must not contain NUL characters"],
    ["URL lone surrogate", { url: "https://a.example/\ud800" }, "url: must be valid Unicode (no lone surrogates)"],
    ["URL with a space", { url: "https://a.example/a b" }, "url: must be a URL without spaces or control characters"],
    ["URL with CRLF", { url: "https://a.example/\r\nX: y" }, "url: must be a URL without spaces or control characters"],
    ["URL empty", { url: "" }, "url: must be 1 to 2000 characters"],
    ["URL a number", { url: 5 }, "url: must be text"],
    ["secret short", { secret: "short" }, "secret: must be 16 to 1024 characters"],
    ["secret huge", { secret: "s".repeat(100_000) }, "secret: must be 16 to 1024 characters"],
    ["name empty", { name: "" }, "name: must be 1 to 100 characters"],
    ["name NUL", { name: "a\u0000b" }, "name: must not contain NUL characters"],
    ["kind unknown", { kind: "sms" }, "kind: must be one of webhook, slack, pagerduty, email"],
    ["kind missing", { kind: undefined }, "kind: must be one of webhook, slack, pagerduty, email"],
    [
      "severity unknown",
      { routing: { severities: ["urgent"] } },
      "routing.severities.0: must be one of page, ticket, info",
    ],
    ["routing a string", { routing: "all" }, "routing"],
    [
      "services too many",
      { routing: { services: Array.from({ length: 101 }, (_, i) => `s${i}`) } },
      "routing.services: must hold at most 100 names",
    ],
    ["service NUL", { routing: { services: ["a\u0000"] } }, "routing.services.0: must not contain NUL characters"],
    ["enabled text", { enabled: "yes" }, "enabled: must be true or false"],
    ["unknown field", { colour: "red" }, "colour"],
  ])("refuses %s with a 400 naming the field", async (_label, overrides, message) => {
    const response = await create(webhook(overrides));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain(message);
  });

  it("refuses e-mail channels while SMTP is not configured, bodies that are not objects, and duplicates", async () => {
    const email = await create({ name: uniqueName("mail"), kind: "email", to: ["a@example.com"] });
    expect(email.status).toBe(400);
    expect((await email.json()).error.message).toBe(
      "kind: e-mail channels need an SMTP server: set VIGIL_SMTP_URL and VIGIL_SMTP_FROM and restart",
    );
    for (const body of ["[1]", "null", '"text"', "{bad json"]) expect((await create(body)).status).toBe(400);
    const first = webhook();
    expect((await create(first)).status).toBe(201);
    expect((await create({ ...first })).status).toBe(409);
  });

  it("is for admins only: sre and viewer get 403", async () => {
    expect((await create(webhook(), sre)).status).toBe(403);
    expect((await callHandler(listChannels, "/api/v1/notifications/channels", send("GET", viewer))).status).toBe(403);
  });

  it("updates routing keeping the secret, refuses a kind change, and deletes", async () => {
    const made = await (await create(webhook())).json();
    const path = `/api/v1/notifications/channels/${made.id}`;
    const patched = await callHandler(
      patchChannel,
      path,
      send("PATCH", admin, { routing: { services: ["patched-svc-none"], severities: ["page"] } }),
      {
        id: made.id,
      },
    );
    expect(patched.status).toBe(200);
    expect((await patched.json()).routing).toEqual({ services: ["patched-svc-none"], teams: [], severities: ["page"] });
    // The kept secret still signs: the test delivery verifies with it.
    const before = ok.received.length;
    const tested = await callHandler(sendTest, `${path}/test`, send("POST", admin), { id: made.id });
    expect(tested.status).toBe(201);
    const { headers, body } = ok.received[before];
    const signed = createHmac("sha256", SECRET).update(`${headers["x-vigil-timestamp"]}.${body}`).digest("hex");
    expect(headers["x-vigil-signature"]).toBe(`sha256=${signed}`);
    const kind = await callHandler(patchChannel, path, send("PATCH", admin, { kind: "slack" }), { id: made.id });
    expect((await kind.json()).error.message).toBe("kind: can not be changed; create a new channel");
    const badUrl = await callHandler(patchChannel, path, send("PATCH", admin, { url: "gopher://x" }), { id: made.id });
    expect(badUrl.status).toBe(400);
    expect((await callHandler(deleteChannel, path, send("DELETE", admin), { id: made.id })).status).toBe(200);
    expect((await callHandler(deleteChannel, path, send("DELETE", admin), { id: made.id })).status).toBe(404);
    expect((await callHandler(deleteChannel, path, send("DELETE", admin), { id: "x\u0000" })).status).toBe(404);
  });
});

describe("send test and the delivery log", () => {
  it("answers the attempt's outcome, once, and the log pages newest first", async () => {
    const failing = await hookServer([500]);
    try {
      const made = await (await create(webhook({ url: failing.url }))).json();
      const test = () =>
        callHandler(sendTest, `/api/v1/notifications/channels/${made.id}/test`, send("POST", admin), { id: made.id });
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await (await test()).json());
      expect(answers[0]).toMatchObject({ outcome: "failed", status: 500, error: "HTTP 500: answer 500" });
      expect(failing.received).toHaveLength(3);
      const page = (query: string) =>
        callHandler(listDeliveries, `/api/v1/notifications/deliveries?channel=${made.id}&${query}`, send("GET", admin));
      const first = await (await page("limit=2")).json();
      expect(first.items.map((d: { id: string }) => d.id)).toEqual([answers[2].deliveryId, answers[1].deliveryId]);
      expect(first.items[0]).toMatchObject({ state: "failed", attempts: 1, source: "test", lastStatus: 500 });
      const second = await (await page(`limit=2&before=${first.nextBefore}`)).json();
      expect(second.items.map((d: { id: string }) => d.id)).toEqual([answers[0].deliveryId]);
      expect(second.nextBefore).toBeNull();
      expect((await (await page("state=sent")).json()).items).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it.each([
    ["state=bogus", "state: must be one of pending, sent, failed, silenced, superseded"],
    ["channel=not-a-uuid", "channel: must be a channel id"],
    ["before=abc", "before: must be a delivery id"],
    ["before=99999999999999999999", "before: must be a delivery id"],
    ["limit=0", "limit: must be between 1 and 200"],
  ])("GET deliveries?%s is a 400 naming it", async (query, message) => {
    const response = await callHandler(listDeliveries, `/api/v1/notifications/deliveries?${query}`, send("GET", admin));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });
});

describe("silences API", () => {
  it("lets SREs create and expire silences; viewers only read them", async () => {
    const body = {
      matchers: { services: [uniqueName("svc")] },
      endsAt: new Date(Date.now() + 600_000).toISOString(),
      reason: "deploy",
    };
    expect(
      (await callHandler(createSilence, "/api/v1/notifications/silences", send("POST", viewer, body))).status,
    ).toBe(403);
    const created = await callHandler(createSilence, "/api/v1/notifications/silences", send("POST", sre, body));
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const listed = await (
      await callHandler(listSilences, "/api/v1/notifications/silences", send("GET", viewer))
    ).json();
    expect(listed.items.find((s: { id: string }) => s.id === id)).toMatchObject({ active: true, reason: "deploy" });
    const path = `/api/v1/notifications/silences/${id}?reason=done`;
    expect((await callHandler(expireSilence, path, send("DELETE", sre), { id })).status).toBe(200);
    const long = `/api/v1/notifications/silences/${id}?reason=${"r".repeat(1001)}`;
    const refused = await callHandler(expireSilence, long, send("DELETE", sre), { id });
    expect((await refused.json()).error.message).toBe("reason: must be at most 1000 characters");
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["endsAt malformed", { endsAt: "tomorrow" }, "endsAt: must be an ISO 8601 time"],
    ["endsAt far", { endsAt: "99999-01-01T00:00:00Z" }, "endsAt: must be an ISO 8601 time"],
    ["matchers missing", { matchers: undefined }, "matchers"],
    [
      "severity unknown",
      { matchers: { severities: ["sev1"] } },
      "matchers.severities.0: must be one of page, ticket, info",
    ],
    ["key NUL", { matchers: { keys: ["a\u0000"] } }, "matchers.keys.0: must not contain NUL characters"],
    ["reason lone surrogate", { reason: "\udc00" }, "reason: must be valid Unicode (no lone surrogates)"],
  ])("POST silences: %s is a 400 naming the field", async (_label, overrides, message) => {
    const body = {
      matchers: { services: ["x"] },
      endsAt: new Date(Date.now() + 600_000).toISOString(),
      reason: "r",
      ...overrides,
    };
    const response = await callHandler(createSilence, "/api/v1/notifications/silences", send("POST", sre, body));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain(message);
  });
});
