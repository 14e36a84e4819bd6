import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as route from "@/app/api/v1/delivery/pagerduty/route";
import { withField } from "@/collectors/delivery/adversarial-cases";
import { PAGERDUTY_ROUTE } from "@/collectors/delivery/ingest-pagerduty";
import { closeDb } from "@/lib/db";
import { listIncidents } from "@/lib/delivery/list-incidents";
import { listRejectedEvents } from "@/lib/delivery/rejected-events";
import { roleCtx, uniqueName } from "@/test/factories";
import { deliveryFixture, expectRejected, hmacHex, postTo } from "@/test/delivery-webhooks";
import { bearerKey } from "@/test/http-callers";

// PagerDuty's documented v3 example body through the real handler: signed by the subscription's
// secret (several signatures while it rotates), or sent with an ingest:delivery key instead.
const SECRET = "pagerduty-signing-secret-for-tests";
process.env.VIGIL_PAGERDUTY_WEBHOOK_SECRET = SECRET;
const SERVICE = uniqueName("api");
process.env.VIGIL_PAGERDUTY_SERVICES = `PF9KMXH=${SERVICE}`;

const PATH = "/api/v1/delivery/pagerduty";
const event = (type = "incident.triggered") => {
  const body = withField(deliveryFixture("pagerduty-incident.json"), ["event", "event_type"], type);
  return withField(body, ["event", "data", "id"], uniqueName("PD"));
};
const signed = (body: unknown, signatures?: (raw: string) => string, headers: Record<string, string> = {}) => {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const signature = signatures ? signatures(raw) : `v1=${hmacHex(raw, SECRET)}`;
  return postTo(route.POST, PATH, raw, { "x-pagerduty-signature": signature, ...headers });
};

describe("POST /api/v1/delivery/pagerduty (PostgreSQL)", () => {
  let key: string;
  beforeAll(async () => {
    key = await bearerKey(["ingest:delivery"]);
  });
  afterAll(closeDb);

  it("records triggered, then acknowledged and resolved as updates; a re-send is unchanged", async () => {
    const triggered = event();
    const first = await signed(triggered);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    expect(await (await signed(triggered)).json()).toEqual({ id, outcome: "unchanged" });
    for (const type of ["incident.acknowledged", "incident.resolved"]) {
      const next = withField(triggered, ["event", "event_type"], type);
      expect(await (await signed(next)).json()).toEqual({ id, outcome: "updated" });
    }
    const { items } = await listIncidents(roleCtx("viewer"), { service: SERVICE, limit: 200 });
    const stored = items.find((item) => item.id === id);
    expect(stored).toMatchObject({ source: "pagerduty", status: "DONE", title: "A little bump in the road" });
    expect(stored?.resolvedAt).toEqual(new Date("2020-10-02T18:45:22.169Z"));
  });

  it("accepts a delivery signed during a secret rotation (any one v1 signature matching)", async () => {
    const response = await signed(event(), (raw) => `v1=${hmacHex(raw, "old-secret")},v1=${hmacHex(raw, SECRET)}`);
    expect(response.status).toBe(201);
  });

  it("ignores PagerDuty's documented example event (priority_updated) with 202", async () => {
    const response = await signed(deliveryFixture("pagerduty-incident.json"));
    expect(response.status).toBe(202);
    expect(((await response.json()) as { ignored: string }).ignored).toMatch(/incident.priority_updated/);
  });

  it.each([
    ["another secret's signature", (raw: string) => `v1=${hmacHex(raw, "not-the-secret")}`, /does not match/],
    ["an unknown version only", (raw: string) => `v0=${hmacHex(raw, SECRET)}`, /must hold v1=/],
    ["an empty header", () => "", /is missing/],
  ])("refuses %s with 401, even with a good key, and stores nothing", async (_, signatures, reason) => {
    const id = randomUUID();
    const response = await signed(event(), signatures, { authorization: key, "x-webhook-id": id });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(reason);
    const { items, signatureFailures } = await listRejectedEvents(roleCtx("admin"), { limit: 200 });
    expect(items.filter((item) => item.deliveryId === id)).toEqual([]);
    expect(signatureFailures.some((f) => f.route === PAGERDUTY_ROUTE)).toBe(true);
  });

  it("takes an ingest:delivery key sent as a custom header instead of a signature", async () => {
    const response = await postTo(route.POST, PATH, event(), { authorization: key });
    expect(response.status).toBe(201);
  });

  it("is a 401 with neither signature nor key, a 403 for a key without ingest:delivery", async () => {
    expect((await postTo(route.POST, PATH, event())).status).toBe(401);
    const read = await bearerKey(["read"]);
    expect((await postTo(route.POST, PATH, event(), { authorization: read })).status).toBe(403);
  });

  it.each([
    ["an event type without a kind", ["event", "event_type"], "triggered", "event.event_type"],
    ["a NUL in the title", ["event", "data", "title"], "down\0", "event.data.title"],
    [
      "a lone surrogate in the service",
      ["event", "data", "service", "summary"],
      "\uDBFF",
      "event.data.service.summary",
    ],
    ["an id one past the longest", ["event", "data", "id"], "p".repeat(256), "event.data.id"],
    ["a creation time past 9999", ["event", "data", "created_at"], "+275760-09-13T00:00:00Z", "event.data.created_at"],
    ["no incident", ["event", "data"], undefined, "event.data"],
  ])("refuses %s: 400 naming %s, kept with the event type and webhook id", async (_, path, value, field) => {
    const id = randomUUID();
    const stored = await expectRejected(
      await signed(withField(event(), path, value), undefined, { "x-webhook-id": id }),
      field,
    );
    expect(stored).toMatchObject({ source: "pagerduty", deliveryId: id, sender: "pagerduty signature" });
    expect(stored.event).toBe(path[1] === "event_type" ? value : "incident.triggered");
  });

  it("refuses a malformed body naming (body), and records the next good one", async () => {
    await expectRejected(await signed('{"event": '), "(body)");
    expect((await signed(event())).status).toBe(201);
  });
});
