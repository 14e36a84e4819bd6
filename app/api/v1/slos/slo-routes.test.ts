import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { callHandler, sessionCookie } from "@/test/http-callers";
import { DELETE, GET as getOne, PATCH } from "./[id]/route";
import { GET as list, POST } from "./route";

const json = (cookie: string, method: string, body: unknown) => ({
  method,
  headers: { cookie, "content-type": "application/json" },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

const sloName = () =>
  uniqueName("slo")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-");
// A service of this file's own: others send spans of a "checkout" the worker rolls up.
const SERVICE = uniqueName("checkout");
const valid = (name = sloName()) => ({
  name,
  service: SERVICE,
  sli: { type: "availability" },
  objectivePercent: 99.9,
  window: "30d",
});

describe("/api/v1/slos", () => {
  it("lets an SRE create an SLO (201 with its id), read it with its budget and burn rates, change and delete it, all audited", async () => {
    const sre = await sessionCookie("sre");
    const created = await callHandler(POST, "/api/v1/slos", json(sre, "POST", valid()));
    expect(created.status).toBe(201);
    const { id, name } = (await created.json()) as { id: string; name: string };
    expect(id).toMatch(/^\d+$/);

    const read = await callHandler(getOne, `/api/v1/slos/${id}`, { headers: { cookie: sre } }, { id });
    expect(read.status).toBe(200);
    const body = (await read.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ objective: 0.999, window: "30d", sli: { type: "availability" }, status: "no_data" });
    expect(Object.keys(body.burnRates as object)).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d", "period"]);
    expect(body).toHaveProperty("errorBudgetRemaining", null);
    expect(body).toHaveProperty("timeToExhaustion", null);
    expect(body.alerts).toMatchObject({ page: { state: "inactive" }, ticket: { state: "inactive" } });
    expect(Date.now() - Date.parse(body.evaluatedAt as string)).toBeLessThan(60_000);

    const changed = await callHandler(PATCH, `/api/v1/slos/${id}`, json(sre, "PATCH", { objectivePercent: 99.5 }), {
      id,
    });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { definition: { objectivePercent: number } }).definition.objectivePercent).toBe(
      99.5,
    );

    const listed = await callHandler(list, `/api/v1/slos?service=${SERVICE}&limit=200`, { headers: { cookie: sre } });
    expect(((await listed.json()) as { items: { name: string }[] }).items.map((s) => s.name)).toContain(name);

    const deleted = await callHandler(
      DELETE,
      `/api/v1/slos/${id}`,
      { method: "DELETE", headers: { cookie: sre } },
      { id },
    );
    expect(deleted.status).toBe(200);
    const gone = await callHandler(getOne, `/api/v1/slos/${id}`, { headers: { cookie: sre } }, { id });
    expect(gone.status).toBe(404);
    const audit = await pool().query(
      "SELECT action FROM audit_entry WHERE target_type = 'slo' AND target_id = $1 ORDER BY seq",
      [name],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(["slo.create", "slo.update", "slo.delete"]);
  });

  it("refuses a viewer's changes, and a second SLO of the same name", async () => {
    const viewer = await sessionCookie("viewer");
    expect((await callHandler(POST, "/api/v1/slos", json(viewer, "POST", valid()))).status).toBe(403);
    const admin = await sessionCookie("admin");
    const name = sloName();
    expect((await callHandler(POST, "/api/v1/slos", json(admin, "POST", valid(name)))).status).toBe(201);
    const again = await callHandler(POST, "/api/v1/slos", json(admin, "POST", valid(name)));
    expect(again.status).toBe(409);
  });

  it("answers every bad field with a 400 naming it, never a 500", async () => {
    const sre = await sessionCookie("sre");
    const cases: [string, unknown, string][] = [
      ["objective 100", { ...valid(), objectivePercent: 100 }, "objectivePercent"],
      ["objective 0", { ...valid(), objectivePercent: 0 }, "objectivePercent"],
      ["objective negative", { ...valid(), objectivePercent: -1 }, "objectivePercent"],
      ["objective text", { ...valid(), objectivePercent: "abc" }, "objectivePercent"],
      ["objective overflow", { ...valid(), objectivePercent: 1e400 }, "objectivePercent"],
      ["name empty", { ...valid(), name: "" }, "name"],
      ["name with a space", { ...valid(), name: "web availability" }, "name"],
      ["name too long", { ...valid(), name: "a".repeat(64) }, "name"],
      ["name NUL", { ...valid(), name: "a\u0000b" }, "name"],
      ["service lone surrogate", { ...valid(), service: "pay\uD800" }, "service"],
      ["service missing", { ...valid(), service: undefined }, "service"],
      ["service huge", { ...valid(), service: "s".repeat(100_000) }, "service"],
      ["unknown SLI", { ...valid(), sli: { type: "throughput" } }, "sli"],
      ["latency without threshold", { ...valid(), sli: { type: "latency" } }, "sli.thresholdMs"],
      ["latency threshold 0", { ...valid(), sli: { type: "latency", thresholdMs: 0 } }, "sli.thresholdMs"],
      ["unknown window", { ...valid(), window: "45d" }, "window"],
      ["timeslices without slice", { ...valid(), budgetingMethod: "Timeslices" }, "timeSlice"],
      [
        "slice of 0 minutes",
        { ...valid(), budgetingMethod: "RatioTimeslices", timeSlice: { windowMinutes: 0 } },
        "timeSlice.windowMinutes",
      ],
      ["label name", { ...valid(), labels: { "bad key": "x" } }, "labels"],
      ["feature empty", { ...valid(), feature: "" }, "feature"],
      ["feature NUL", { ...valid(), feature: "cart\u0000" }, "feature"],
      ["feature lone surrogate", { ...valid(), feature: "cart\uDC00" }, "feature"],
      ["feature huge", { ...valid(), feature: "f".repeat(100_000) }, "feature"],
      ["feature a number", { ...valid(), feature: 7 }, "feature"],
      ["feature with latency", { ...valid(), feature: "cart", sli: { type: "latency", thresholdMs: 300 } }, "feature"],
      ["feature with an operation", { ...valid(), feature: "cart", operation: "POST /pay" }, "feature"],
    ];
    for (const [label, body, field] of cases) {
      const response = await callHandler(POST, "/api/v1/slos", json(sre, "POST", body));
      expect(response.status, label).toBe(400);
      const error = ((await response.json()) as { error: { field: string | null } }).error;
      expect(error.field ?? "", label).toContain(field);
    }
    const notJson = await callHandler(POST, "/api/v1/slos", json(sre, "POST", "{not json"));
    expect(notJson.status).toBe(400);
    for (const id of ["abc", "", "1".repeat(30), "1\u0000"]) {
      const response = await callHandler(getOne, `/api/v1/slos/x`, { headers: { cookie: sre } }, { id });
      expect(response.status, JSON.stringify(id)).toBe(404);
    }
  });
});
