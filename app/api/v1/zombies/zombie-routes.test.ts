import { describe, expect, it } from "vitest";
import { sqlTransaction } from "@/lib/db";
import { type DetectedFinding, storeFindings } from "@/lib/zombies/store-findings";
import { callHandler, sessionCookie } from "@/test/http-callers";
import { POST as decide } from "./[id]/decision/route";
import { GET as getOne } from "./[id]/route";
import { GET as list } from "./route";
import { GET as readSettings, PATCH as changeSettings } from "./settings/route";

// The zombie routes over HTTP: every hostile decision body is a 400 naming its field, never a 500,
// and nothing changes; a wrong state is a 409; settings refuse a bad threshold by its path.

const send = (cookie: string, method: string, body: string) => ({
  method,
  headers: { cookie, "content-type": "application/json" },
  body,
});

const finding: DetectedFinding = {
  rule: "unassociated-ip",
  resourceKey: "aws:elastic-ip:eipalloc-0route",
  resourceId: "eipalloc-0route",
  kind: "elastic-ip",
  provider: "aws",
  address: null,
  arn: null,
  name: "old-nat",
  region: "eu-west-1",
  service: null,
  team: "platform",
  environment: "staging",
  owner: "platform",
  managed: false,
  monthlySavings: "3.6",
  currency: "USD",
  confidence: "high",
  protected: false,
  protectedReason: null,
  secondApproval: false,
  summary: "Elastic IP eipalloc-0route is associated with nothing.",
  evidence: { items: [] },
};

async function stored(): Promise<string> {
  await sqlTransaction((client) =>
    storeFindings(client, [finding], ["unassociated-ip"], { present: new Set(), billEnds: new Map() }, new Date()),
  );
  const finops = await sessionCookie("finops");
  const listed = await callHandler(list, "/api/v1/zombies?rule=unassociated-ip", { headers: { cookie: finops } });
  return ((await listed.json()) as { items: { id: string }[] }).items[0].id;
}

const HOSTILE: [string, string, string][] = [
  ["not JSON", "{", ""],
  ["an array", "[]", ""],
  ["no action", JSON.stringify({ reason: "x" }), "action"],
  ["an unknown action", JSON.stringify({ action: "delete", reason: "x" }), "action"],
  ["an empty reason", JSON.stringify({ action: "reject", reason: "" }), "reason"],
  ["a blank reason", JSON.stringify({ action: "reject", reason: "   " }), "reason"],
  ["a huge reason", JSON.stringify({ action: "reject", reason: "x".repeat(2001) }), "reason"],
  ["a NUL in the reason", JSON.stringify({ action: "reject", reason: "a\u0000b" }), "reason"],
  ["a lone surrogate in the reason", `{"action":"reject","reason":"a\\ud800b"}`, "reason"],
  ["a number as reason", JSON.stringify({ action: "reject", reason: 7 }), "reason"],
  ["a malformed until", JSON.stringify({ action: "snooze", reason: "x", until: "next week" }), "until"],
  [
    "an overflowing until",
    JSON.stringify({ action: "snooze", reason: "x", until: "+275760-09-14T00:00:00Z" }),
    "until",
  ],
  ["a past until", JSON.stringify({ action: "snooze", reason: "x", until: "2001-01-01T00:00:00Z" }), "until"],
  ["a snooze without until", JSON.stringify({ action: "snooze", reason: "x" }), "until"],
  ["a lone surrogate in confirm", `{"action":"approve","reason":"x","confirm":"\\udc00"}`, "confirm"],
  ["an unknown field", JSON.stringify({ action: "reject", reason: "x", force: true }), ""],
];

describe("/api/v1/zombies", () => {
  it("answers every hostile decision body with a 400 naming the field, and the finding stays as it was", async () => {
    const id = await stored();
    const finops = await sessionCookie("finops");
    for (const [what, body, field] of HOSTILE) {
      const response = await callHandler(decide, `/api/v1/zombies/${id}/decision`, send(finops, "POST", body), { id });
      expect(response.status, what).toBe(400);
      const error = (await response.json()) as { error: { message: string; details?: { field?: string } } };
      if (field) expect(JSON.stringify(error), what).toContain(field);
    }
    const read = await callHandler(getOne, `/api/v1/zombies/${id}`, { headers: { cookie: finops } }, { id });
    expect(((await read.json()) as { finding: { status: string }; history: unknown[] }).finding.status).toBe("new");
  });

  it("rejects with a reason, then refuses a second decision with a 409 saying why", async () => {
    const id = await stored();
    const finops = await sessionCookie("finops");
    const reject = JSON.stringify({ action: "reject", reason: "kept for the DR drill" });
    const first = await callHandler(decide, `/api/v1/zombies/${id}/decision`, send(finops, "POST", reject), { id });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: "rejected" });
    const again = await callHandler(decide, `/api/v1/zombies/${id}/decision`, send(finops, "POST", reject), { id });
    expect(again.status).toBe(409);
    expect(JSON.stringify(await again.json())).toMatch(/the finding is rejected/);
    const missing = "00000000-0000-4000-8000-000000000000";
    const none = await callHandler(decide, `/api/v1/zombies/${missing}/decision`, send(finops, "POST", reject), {
      id: missing,
    });
    expect(none.status).toBe(404);
  });

  it("keeps thresholds as overrides over the defaults, refusing a bad one by its path", async () => {
    const finops = await sessionCookie("finops");
    const bad = await callHandler(
      changeSettings,
      "/api/v1/zombies/settings",
      send(finops, "PATCH", JSON.stringify({ idleCompute: { cpuPercent: 101 } })),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("idleCompute.cpuPercent");
    const good = await callHandler(
      changeSettings,
      "/api/v1/zombies/settings",
      send(finops, "PATCH", JSON.stringify({ noTrafficDays: 21 })),
    );
    expect(good.status).toBe(200);
    const read = await callHandler(readSettings, "/api/v1/zombies/settings", { headers: { cookie: finops } });
    const settings = (await read.json()) as { effective: { noTrafficDays: number; stoppedDays: number } };
    expect(settings.effective).toMatchObject({ noTrafficDays: 21, stoppedDays: 30 });
    const viewer = await sessionCookie("viewer");
    const refused = await callHandler(
      changeSettings,
      "/api/v1/zombies/settings",
      send(viewer, "PATCH", JSON.stringify({ noTrafficDays: 1 })),
    );
    expect(refused.status).toBe(403);
  });
});
