import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { callHandler, sessionCookie } from "@/test/http-callers";
import { POST as preview } from "./preview/route";
import { POST as save } from "./route";

// Sensitivity through the API: a preview of the last 7 days at a level beside the level in force,
// saving it (audited, replacing the earlier one), and refusals by role and by field.

afterAll(closeDb);

let sre: string;
beforeAll(async () => {
  sre = await sessionCookie("sre");
});

const call = async (handler: typeof save, path: string, body: unknown, cookie = sre) => {
  const response = await callHandler(handler, path, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

/**
 * Ten days of minutes (weekdays and weekends both learnt, whatever day the test runs) and two weeks
 * of hours for a service, with an error burst in the last day.
 */
async function traffic(service: string) {
  const now = Date.now();
  const burst = (t: number) => (t > now - 8 * 3_600_000 && t < now - 6 * 3_600_000 ? 0.3 : 0.002);
  for (const [table, time, stepMs, span] of [
    ["span_minute", "minute", 60_000, 10 * 86_400_000],
    ["span_hour", "hour", 3_600_000, 14 * 86_400_000],
  ] as const) {
    const start = Math.floor((now - span) / stepMs) * stepMs;
    const times = Array.from({ length: Math.floor(span / stepMs) }, (_, i) => start + i * stepMs);
    const requests = times.map(() => (stepMs === 60_000 ? 200 : 12_000));
    await pool().query(
      `INSERT INTO ${table} (${time}, service, operation, environment, requests, errors, samples, buckets, counts)
       SELECT to_timestamp(u.t / 1000.0), $1, 'GET /', 'prod', u.r, round(u.r * u.e), u.r, ARRAY[40]::smallint[], ARRAY[u.r]::bigint[]
         FROM unnest($2::float8[], $3::bigint[], $4::float8[]) AS u (t, r, e)`,
      [service, times, requests, times.map(burst)],
    );
  }
}

describe("anomaly sensitivity", () => {
  it("previews a level against the one in force, then saves it with an audit entry", async () => {
    const service = uniqueName("sens");
    await traffic(service);
    const shown = await call(preview, "/api/v1/anomalies/sensitivity/preview", {
      service,
      series: "errors",
      level: "off",
    });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      service,
      series: "errors",
      current: { level: "medium" },
      proposed: { level: "off", episodes: [] },
    });
    expect(shown.body.current.episodes.length).toBeGreaterThan(0);
    const high = await call(preview, "/api/v1/anomalies/sensitivity/preview", {
      service,
      series: "errors",
      level: "high",
    });
    const low = await call(preview, "/api/v1/anomalies/sensitivity/preview", {
      service,
      series: "errors",
      level: "low",
    });
    expect(high.body.proposed.episodes.length).toBeGreaterThanOrEqual(low.body.proposed.episodes.length);

    expect(
      (await call(save, "/api/v1/anomalies/sensitivity", { service, series: "errors", level: "low" })).status,
    ).toBe(200);
    expect(
      (await call(save, "/api/v1/anomalies/sensitivity", { service, series: "errors", level: "off" })).body,
    ).toEqual({
      service,
      series: "errors",
      level: "off",
    });
    const after = await call(preview, "/api/v1/anomalies/sensitivity/preview", {
      service,
      series: "errors",
      level: "high",
    });
    expect(after.body.current).toEqual({ level: "off", episodes: [] });
    const audit = await pool().query(
      "SELECT summary FROM audit_entry WHERE action = 'anomaly.sensitivity_set' AND target_id = $1 ORDER BY seq",
      [`${service}/errors`],
    );
    expect(audit.rows.map((row) => row.summary.level)).toEqual([
      { from: null, to: "low" },
      { from: "low", to: "off" },
    ]);
  });

  it("previews the daily cost over four weeks, counting only rises", async () => {
    const service = uniqueName("spend");
    // Nine weeks of a steady $100 a day ending on the last allocated day (or today), tripling for its
    // last two days and, two weeks before, dropping to $5 for two days.
    await pool().query(
      `WITH last AS (SELECT greatest(max(day), current_date) AS last_day FROM cost_allocation)
       INSERT INTO cost_allocation (day, provider_name, service_name, resource_id, feature, team, environment, app_service,
         method, billed_cost, effective_cost, computed_at)
       SELECT g::date, 'AWS', 'AmazonEC2', 'i-' || $1, 'f', 't', 'prod', $1, 'tag', c, c, now()
         FROM last, LATERAL (SELECT g, CASE WHEN g > last_day - 2 THEN 300 WHEN g BETWEEN last_day - 15 AND last_day - 14 THEN 5
                                            ELSE 100 + (extract(day FROM g)::int % 3) END AS c
                               FROM generate_series(last_day - 62, last_day, interval '1 day') AS g) s`,
      [service],
    );
    const shown = await call(preview, "/api/v1/anomalies/sensitivity/preview", {
      service,
      series: "cost",
      level: "high",
    });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ service, series: "cost", environment: "prod", stepMs: 86_400_000, days: 28 });
    expect(shown.body.proposed.episodes).toHaveLength(1);
    expect(shown.body.proposed.episodes[0]).toMatchObject({ direction: "up" });
  });

  it("is refused to viewers and FinOps, for unknown services, and for bad fields by name", async () => {
    const body = { service: "payments-api", series: "errors", level: "low" };
    expect((await call(save, "/api/v1/anomalies/sensitivity", body, await sessionCookie("viewer"))).status).toBe(403);
    expect(
      (await call(preview, "/api/v1/anomalies/sensitivity/preview", body, await sessionCookie("finops"))).status,
    ).toBe(403);
    expect(
      (await call(preview, "/api/v1/anomalies/sensitivity/preview", { ...body, service: uniqueName("none") })).status,
    ).toBe(404);
    expect((await call(preview, "/api/v1/anomalies/sensitivity/preview", { ...body, service: "*" })).status).toBe(400);
    for (const [change, field] of [
      [{ level: "extreme" }, "level"],
      [{ series: "spend" }, "series"],
      [{ service: "" }, "service"],
      [{ service: "x".repeat(201) }, "service"],
      [{ service: "a\u0000b" }, "service"],
      [{ service: "a\ud800" }, "service"],
      [{ extra: true }, ""],
    ] as const) {
      const answer = await call(save, "/api/v1/anomalies/sensitivity", { ...body, ...change });
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect(answer.body.error.message, JSON.stringify(change)).toMatch(new RegExp(`^${field}`));
    }
  });
});
