import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { getDora } from "@/lib/delivery/get-dora";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import { deployment, incident } from "@/lib/delivery/fixtures/records";
import { addDays, completeDays, utcDay } from "@/lib/time";
import { uniqueName } from "@/test/factories";
import { bearerKey, callRoute, sessionCookie } from "@/test/http-callers";

// GET /api/v1/dora through its real handler on real PostgreSQL: the figures of a service's own
// deliveries, null (not 0) without data, the console's 30-day window by default, and a 400 naming
// the parameter for anything it can not read.

const ctx = systemCtx("test");
const ROUTE = { method: "GET", route: "/api/v1/dora" } as const;
const today = utcDay(new Date());
const noon = (day: string) => new Date(`${day}T12:00:00Z`);

let reader: string;
const service = uniqueName("dora-svc");

async function get(query: string, headers: Record<string, string> = { authorization: reader }) {
  const response = await callRoute(ROUTE, { path: `/api/v1/dora?${query}`, headers });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads fields the assertions name
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeAll(async () => {
  reader = await bearerKey(["read"]);
  const days = [-3, -2, -1, 0, -31].map((n) => addDays(today, n));
  // Three in the default window (yesterday is its last day); today's and 31 days ago are outside it.
  for (const [k, day] of days.entries()) {
    await recordDeployment(ctx, deployment({ externalId: `${service}-${k}`, service, finishedAt: noon(day) }));
  }
  await recordDeployment(
    ctx,
    deployment({ externalId: `${service}-staging`, service, environment: "STAGING", finishedAt: noon(days[1]) }),
  );
  // Two hours after the deploy of three days ago, resolved 90 minutes later: that deploy failed.
  const created = new Date(noon(days[0]).getTime() + 2 * 3_600_000);
  await recordIncident(
    ctx,
    incident({
      externalKey: `${service}-i1`,
      service,
      createdAt: created,
      resolvedAt: new Date(created.getTime() + 90 * 60_000),
    }),
  );
}, 60_000);

afterAll(closeDb);

describe("GET /api/v1/dora", () => {
  it("answers a service's figures over [from, to), equal to getDora's", async () => {
    const window = { from: addDays(today, -3), to: today };
    const { status, body } = await get(new URLSearchParams({ ...window, service }).toString());
    expect(status).toBe(200);
    expect(body.deploymentFrequency.deployments).toBe(3);
    expect(body.deploymentFrequency.perWeek).toBe(7);
    expect(body.changeFailureRate).toMatchObject({ failedDeployments: 1, deployments: 3, ratio: 1 / 3 });
    expect(body.timeToRestore).toMatchObject({ medianMinutes: 90, meanMinutes: 90, incidents: 1 });
    expect(body.failedDeploymentRecoveryTime).toMatchObject({ medianMinutes: 210, meanMinutes: 210 });
    expect(body).toEqual(JSON.parse(JSON.stringify(await getDora(ctx, { ...window, service }))));
  });

  it("reads the last 30 complete UTC days when from and to are absent", async () => {
    const { status, body } = await get(`service=${service}`);
    expect(status).toBe(200);
    expect(body.deploymentFrequency.deployments).toBe(3);
    expect(body).toEqual(JSON.parse(JSON.stringify(await getDora(ctx, { ...completeDays(30), service }))));
  });

  it("says null, never 0, for figures without data", async () => {
    const { status, body } = await get(`service=${uniqueName("nothing")}`);
    expect(status).toBe(200);
    expect(body.deploymentFrequency).toMatchObject({ deployments: 0, perWeek: null, tier2021: null, tier2023: null });
    expect(body.leadTimeForChanges.medianMinutes).toBeNull();
    expect(body.changeFailureRate.ratio).toBeNull();
    expect(body.timeToRestore).toMatchObject({ medianMinutes: null, meanMinutes: null });
    expect(body.failedDeploymentRecoveryTime.medianMinutes).toBeNull();
    expect(body.reworkRate.ratio).toBeNull();
  });

  it.each([
    ["from=2026-13-01&to=2026-12-01", "from"],
    ["from=yesterday&to=2026-12-01", "from"],
    ["from=2026-12-01", "to"],
    ["to=2026-12-01", "from"],
    ["from=2026-12-02&to=2026-12-01", "to"],
    ["from=2026-12-01&to=2026-12-01", "to"],
    ["from=2000-01-01&to=2026-12-01", "to"],
    ["from=0001-01-01T00%3A00%3A00Z&to=2026-12-01", "from"],
    ["from=2026-11-01&to=2026-12-01T00%3A00%3A00", "to"],
    ["from=2026-11-01&to=2026-12-01&service=a%00b", "service"],
    ["from=2026-11-01&to=2026-12-01&service=", "service"],
    [`from=2026-11-01&to=2026-12-01&team=${"x".repeat(201)}`, "team"],
    ["from=2026-11-01&to=2026-12-01&service=a&team=b", "team"],
  ])("refuses %s with a 400 naming %s", async (query, field) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.error.field).toBe(field);
  });

  it("needs a session or a key with read", async () => {
    expect((await get("", {})).status).toBe(401);
    expect((await get("", { authorization: await bearerKey(["ingest:traces"]) })).status).toBe(403);
    expect((await get("", { cookie: await sessionCookie("viewer") })).status).toBe(200);
  });
});
