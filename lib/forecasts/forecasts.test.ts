import { afterAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { addDays } from "@/lib/time";
import { roleCtx, uniqueName } from "@/test/factories";
import { forecastFeatures } from "./forecast-features";
import { forecastServices } from "./forecast-services";
import { getForecastSettings } from "./get-forecast-settings";
import { listCapacityWarnings } from "./list-capacity-warnings";
import { updateForecastSettings } from "./update-forecast-settings";

// The readers against real rollups, written in 2033 (no other test's year): a service climbing
// past its month's peak, a flat one, and a feature's daily cost.

afterAll(closeDb);

const reader = roleCtx("viewer");
const admin = roleCtx("admin");
const HOUR = 3_600_000;
const NOW = new Date("2033-03-14T10:25:00Z"); // forecasts start at 10:00
const START = Date.parse("2033-03-14T10:00:00Z") - 30 * 24 * HOUR;

async function traffic(service: string, environment: string, growthPerDay: number) {
  const hours = Array.from({ length: 30 * 24 }, (_, i) => START + i * HOUR);
  const requests = hours.map((t, i) => {
    const shape = 1 + 0.4 * Math.sin((2 * Math.PI * (new Date(t).getUTCHours() - 8)) / 24);
    return Math.round(800 * shape * (1 + growthPerDay * (i / 24)) * (1 + 0.02 * Math.sin(i * 5.1)));
  });
  // Two operations an hour: the forecast reads their sum.
  await pool().query(
    `INSERT INTO span_hour (hour, service, operation, environment, requests, errors, buckets, counts)
     SELECT to_timestamp(u.t / 1000.0), $1, op, $2, u.r / 2 + (CASE WHEN op = 'a' THEN u.r % 2 ELSE 0 END), 0,
            ARRAY[1]::smallint[], ARRAY[1]::bigint[]
       FROM unnest($3::float8[], $4::bigint[]) AS u (t, r), unnest(ARRAY['a', 'b']) AS op`,
    [service, environment, hours, requests],
  );
  return Math.max(...requests);
}

describe("service forecasts (PostgreSQL)", () => {
  it("forecast each service's hours, a page at a time, and warn of the climbing one", async () => {
    // The stored margin is shared with other test files (and the route walk): this test pins its own.
    const prefix = uniqueName("fc");
    const [climbing, flat] = [`${prefix}-a-climbing`, `${prefix}-b-flat`];
    const peak = await traffic(climbing, "prod", 0.05);
    await traffic(flat, "prod", 0);
    await traffic(flat, "staging", 0);

    const first = await forecastServices(reader, { service: climbing, margin: 20 }, NOW);
    expect(first.start).toBe("2033-03-14T10:00:00.000Z");
    const [item] = first.items;
    expect(item).toMatchObject({ service: climbing, environment: "prod", state: "ready", highest: peak });
    expect(item.history).toHaveLength(28 * 24);
    expect(item.points[0].t).toBe(first.start);
    expect(item.capacity).toMatchObject({ level: "expected", marginPercent: 20, threshold: peak * 1.2 });

    const pageOne = await forecastServices(reader, { service: flat, limit: 1, margin: 20 }, NOW);
    expect(pageOne.items.map((i) => i.environment)).toEqual(["prod"]);
    const pageTwo = await forecastServices(
      reader,
      { service: flat, limit: 1, margin: 20, cursor: pageOne.nextCursor! },
      NOW,
    );
    expect(pageTwo).toMatchObject({ items: [{ environment: "staging", capacity: null }], nextCursor: null });

    const warnings = (await listCapacityWarnings(reader, { margin: 20 }, NOW)).items.filter((w) =>
      w.service.startsWith(prefix),
    );
    expect(warnings.map((w) => [w.service, w.level])).toEqual([[climbing, "expected"]]);
    expect(Date.parse(warnings[0].expectedAt!)).toBeGreaterThan(NOW.getTime());
    const all = await listCapacityWarnings(reader, { margin: 20 }, NOW);
    const nearest = all.nearest.filter((h) => h.service.startsWith(prefix));
    expect(nearest[0]).toMatchObject({ service: climbing, environment: "prod", highest: peak });
    expect(nearest[0].peakPercent).toBeGreaterThan(120);
    expect(nearest.slice(1).every((h) => h.peakPercent < 110 && h.peakPercent > 80)).toBe(true);
    const staging = await listCapacityWarnings(reader, { environment: "staging", margin: 20 }, NOW);
    expect(staging.items.filter((w) => w.service.startsWith(prefix))).toEqual([]);
  });

  it("take the stored margin, which only admins change, audited", async () => {
    const prefix = uniqueName("fm");
    await traffic(`${prefix}-climbing`, "prod", 0.05);
    await expect(updateForecastSettings(reader, { capacityMarginPercent: 50 })).rejects.toMatchObject({
      code: "forbidden",
    });
    for (const bad of [
      { capacityMarginPercent: -1 },
      { capacityMarginPercent: 1001 },
      { capacityMarginPercent: 1.5 },
      { capacityMarginPercent: "1e3" },
      {},
      { capacityMarginPercent: 20, extra: 1 },
      null,
    ]) {
      await expect(updateForecastSettings(admin, bad), JSON.stringify(bad)).rejects.toMatchObject({
        code: "bad_request",
      });
    }
    try {
      await updateForecastSettings(admin, { capacityMarginPercent: 1000 });
      expect(await getForecastSettings(reader)).toMatchObject({
        capacityMarginPercent: 1000,
        updatedBy: admin.actor.label,
      });
      const quiet = await listCapacityWarnings(reader, {}, NOW);
      expect(quiet.items.filter((w) => w.service.startsWith(prefix))).toEqual([]);
      const { rows } = await pool().query(
        "SELECT summary FROM audit_entry WHERE action = 'forecast.settings_change' ORDER BY seq DESC LIMIT 1",
      );
      expect(rows[0].summary).toMatchObject({ after: { capacityMarginPercent: 1000 } });
    } finally {
      await updateForecastSettings(admin, { capacityMarginPercent: 20 });
    }
  });

  it("refuse hostile filters with the field named", async () => {
    for (const [input, field] of [
      [{ service: "a\0b" }, "service"],
      [{ service: "\uD800" }, "service"],
      [{ environment: "x".repeat(201) }, "environment"],
      [{ limit: "21" }, "limit"],
      [{ limit: "0" }, "limit"],
      [{ cursor: "not-ours" }, "cursor"],
      [{ cursor: Buffer.from(JSON.stringify(["a\0", "b"])).toString("base64url") }, "cursor"],
    ] as const) {
      await expect(forecastServices(reader, input, NOW)).rejects.toMatchObject({
        code: "bad_request",
        details: { field },
      });
    }
  });
});

describe("feature cost forecasts (PostgreSQL)", () => {
  it("forecast each feature's daily cost in cents, in USD only", async () => {
    const prefix = uniqueName("ff");
    const today = "2033-05-16";
    for (const [feature, amount] of [
      [`${prefix}-a`, 100],
      [`${prefix}-b`, 7.5],
    ] as const) {
      await pool().query(
        `INSERT INTO cost_allocation (day, provider_name, service_name, resource_id, feature, team, environment, app_service,
           method, billed_cost, effective_cost, computed_at)
         SELECT d, 'AWS', 'AmazonEC2', r, $1, 't', 'prod', 'api', 'tag', $2::numeric / 2, $2::numeric / 2, now()
           FROM generate_series($3::date, $4::date, interval '1 day') AS d, unnest(ARRAY['r1', 'r2']) AS r`,
        [feature, amount, addDays(today, -35), addDays(today, -1)],
      );
    }
    const first = await forecastFeatures(reader, { limit: 1, feature: `${prefix}-a` }, today);
    expect(first.items[0]).toMatchObject({
      feature: `${prefix}-a`,
      currency: "USD",
      state: "ready",
      weekly: "day-of-week",
    });
    expect(first.items[0].points).toHaveLength(14);
    expect(first.items[0].points[0]).toMatchObject({ day: today, expected: "100.00" });
    expect(first.items[0].total?.expected).toBe("1400.00");
    const b = await forecastFeatures(reader, { feature: `${prefix}-b`, currency: "USD" }, today);
    expect(b.items[0].points[3].expected).toBe("7.50");
    expect((await forecastFeatures(reader, { feature: `${prefix}-a`, currency: "EUR" }, today)).items).toEqual([]);

    for (const [input, field] of [
      [{ currency: "usd" }, "currency"],
      [{ currency: "US\0" }, "currency"],
      [{ feature: "\uDC00" }, "feature"],
      [{ cursor: Buffer.from(JSON.stringify(["a", "b"])).toString("base64url") }, "cursor"],
    ] as const) {
      await expect(forecastFeatures(reader, input, today)).rejects.toMatchObject({ details: { field } });
    }
  });
});
