import { beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { bucketUpperMs } from "@/lib/traces/histogram";
import { buildDays } from "@/lib/traces/rollup-minutes";
import { HOURLY_SQL } from "@/lib/traces/rollup-sql";
import { webhookChannel } from "@/test/notification-hooks";
import { createRunbook } from "@/lib/runbooks/create-runbook";
import { listRuns } from "@/lib/runbooks/list-runs";
import { privateDatabaseForFile } from "@/test/private-database";
import { errorBudget } from "./budget";
import { computeEvaluation, computeEvaluations } from "./compute-evaluation";
import { createSlo } from "./create-slo";
import { evaluateSlos } from "./evaluate-slos";
import { getSlo } from "./get-slo";
import { sloSeries } from "./slo-series";
import { SloInput } from "./schemas";
import { BURN_WINDOWS } from "./slo-windows";

// Evaluation over rollup rows as the rollup job leaves them: minutes, and the hours summed from
// them by the rollup's own hourly SQL. Each figure is checked against a brute-force sum of the minutes.

privateDatabaseForFile("slo_evaluate");
const ctx = systemCtx("test");
const MIN = 60_000;
const DAY = 86_400_000;
// Not on an hour: the long windows have partial hours at both ends.
const UNTIL = new Date("2026-11-20T10:37:00Z");
const START = UNTIL.getTime() - 32 * DAY;

interface Minute {
  at: number;
  operation: string;
  requests: number;
  errors: number;
  serverErrors: number;
  buckets: number[];
  counts: number[];
}

/** 32 days of minutes for two operations: steady errors on one, a burst and a leak on the other. */
function minutes(): Minute[] {
  const list: Minute[] = [];
  for (let at = START; at < UNTIL.getTime(); at += MIN) {
    const k = (at - START) / MIN;
    const burst = UNTIL.getTime() - at <= 40 * MIN && UNTIL.getTime() - at > 10 * MIN;
    const leak = UNTIL.getTime() - at <= 2 * DAY && UNTIL.getTime() - at > DAY;
    list.push({
      at,
      operation: "GET /pay",
      requests: 100,
      errors: k % 11 === 0 ? 1 : 0,
      serverErrors: 0,
      buckets: [40, 50],
      counts: [70, 30],
    });
    list.push({
      at,
      operation: "POST /pay",
      requests: 50,
      errors: burst ? 20 : leak ? 1 : 0,
      serverErrors: burst ? 5 : 0,
      buckets: [40, 60],
      counts: [45, 5],
    });
  }
  return list;
}

const data = minutes();

async function storeMinutes(service: string) {
  for (let i = 0; i < data.length; i += 5_000) {
    const rows = data.slice(i, i + 5_000);
    await pool().query(
      `INSERT INTO span_minute (minute, service, operation, environment, requests, errors, server_errors, buckets, counts)
       SELECT m, $1, o, 'prod', r, e, s, b::smallint[], c::bigint[]
         FROM unnest($2::timestamptz[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::text[]) AS u(m, o, r, e, s, b, c)`,
      [
        service,
        rows.map((r) => new Date(r.at)),
        rows.map((r) => r.operation),
        rows.map((r) => r.requests),
        rows.map((r) => r.errors),
        rows.map((r) => r.serverErrors),
        rows.map((r) => `{${r.buckets.join(",")}}`),
        rows.map((r) => `{${r.counts.join(",")}}`),
      ],
    );
  }
  // The hours, as the rollup job sums them from their minutes.
  await pool().query(HOURLY_SQL[2], [new Date(START), UNTIL]);
  await buildDays(pool(), [{ from: START, to: UNTIL.getTime() }]);
}

/** Brute force: bad over total of the minutes in [from, UNTIL) matching `keep`. */
function ratio(from: number, keep: (m: Minute) => boolean, bad: (m: Minute) => number): number | null {
  let total = 0;
  let errors = 0;
  for (const m of data) {
    if (m.at < from || !keep(m)) continue;
    total += m.requests;
    errors += bad(m);
  }
  return total ? errors / total : null;
}

const slo = (overrides: Partial<SloInput>) =>
  SloInput.parse({
    name: "pay",
    service: "pay-api",
    sli: { type: "availability" },
    objectivePercent: 99.5,
    window: "30d",
    ...overrides,
  });

describe("SLO evaluation on the rollups", () => {
  beforeAll(() => storeMinutes("pay-api"), 120_000);

  it("gives each window's burn rate and the period's budget exactly as the minutes sum up", async () => {
    for (const definition of [
      slo({}),
      slo({ operation: "POST /pay" }),
      slo({ sli: { type: "availability", errorWhen: "http-5xx" } }),
    ]) {
      const keep = (m: Minute) => definition.operation === null || m.operation === definition.operation;
      const bad = (m: Minute) =>
        definition.sli.type === "availability" && definition.sli.errorWhen === "http-5xx" ? m.serverErrors : m.errors;
      const e = await computeEvaluation(definition, UNTIL);
      const budget = errorBudget(99.5);
      for (const [window, ms] of Object.entries(BURN_WINDOWS)) {
        const expected = ratio(UNTIL.getTime() - ms, keep, bad);
        expect(e.burnRates[window as keyof typeof BURN_WINDOWS], window).toBeCloseTo((expected ?? 0) / budget, 9);
      }
      const period = ratio(UNTIL.getTime() - 30 * DAY, keep, bad) ?? 0;
      expect(e.burnRates.period).toBeCloseTo(period / budget, 9);
      expect(e.errorBudgetRemaining).toBeCloseTo(1 - period / budget, 9);
      expect(e.period).toEqual({ from: new Date(UNTIL.getTime() - 30 * DAY).toISOString(), to: UNTIL.toISOString() });
    }
  });

  it("gives each SLO the same figures read together in one cycle as alone", async () => {
    const slos = [
      slo({}),
      slo({ operation: "POST /pay" }),
      slo({ window: "7d" }),
      slo({ sli: { type: "latency", thresholdMs: 3 } }),
    ];
    const together = await computeEvaluations(
      slos.map((definition, k) => ({ id: String(k), definition })),
      UNTIL,
    );
    for (const [k, definition] of slos.entries())
      expect(together.get(String(k))).toEqual(await computeEvaluation(definition, UNTIL));
  });

  it("counts latency from the histograms: exact at a bucket edge", async () => {
    const definition = slo({ sli: { type: "latency", thresholdMs: bucketUpperMs(40) } });
    const e = await computeEvaluation(definition, UNTIL);
    // Per minute: 70 of GET's 100 and 45 of POST's 50 are in bucket 40 or below.
    const total = (30 * DAY) / MIN;
    expect(e.total).toBe(total * 150);
    expect(e.good).toBe(total * 115);
    expect(e.uncertain).toBe(0);
  });

  it("cuts the period into slices for Timeslices and RatioTimeslices", async () => {
    const from = UNTIL.getTime() - 30 * DAY;
    const slices = new Map<number, { good: number; total: number }>();
    for (const m of data) {
      if (m.at < from || m.operation !== "POST /pay") continue;
      const k = Math.floor((m.at - from) / (60 * MIN));
      const s = slices.get(k) ?? { good: 0, total: 0 };
      slices.set(k, { good: s.good + m.requests - m.errors, total: s.total + m.requests });
    }
    const ratios = [...slices.values()].map((s) => s.good / s.total);
    const base = { operation: "POST /pay", objectivePercent: 95 } as const;
    const timeslices = await computeEvaluation(
      slo({ ...base, budgetingMethod: "Timeslices", timeSlice: { windowMinutes: 60, targetPercent: 99 } }),
      UNTIL,
    );
    const goodSlices = ratios.filter((r) => r >= 0.99).length;
    expect(goodSlices).toBeLessThan(ratios.length);
    expect(timeslices.sli).toBeCloseTo(goodSlices / ratios.length, 12);
    const ratioSlices = await computeEvaluation(
      slo({ ...base, budgetingMethod: "RatioTimeslices", timeSlice: { windowMinutes: 60 } }),
      UNTIL,
    );
    expect(ratioSlices.sli).toBeCloseTo(ratios.reduce((a, b) => a + b, 0) / ratios.length, 12);
  });

  it("has no data for a service without rollups, and never divides by zero", async () => {
    const e = await computeEvaluation(slo({ service: "nobody" }), UNTIL);
    expect(e.errorBudgetRemaining).toBeNull();
    expect(e.burnRates["5m"]).toBeNull();
    expect(e.timeToExhaustionMs).toBeNull();
  });

  it("fires a page alert after two minutes of a steep burn, stores it in the history, and resolves it", async () => {
    // An admin's webhook channel for the service: nothing is sent here (no drain), the notices queue.
    const channel = await webhookChannel("http://127.0.0.1:9/hook", "pay-api");
    const created = await createSlo(ctx, {
      name: "pay-post",
      service: "pay-api",
      operation: "POST /pay",
      sli: { type: "availability" },
      objectivePercent: 99.5,
      window: "30d",
    });
    // A runbook for pay-api's SLO alerts: the alert that fires proposes it, for a person to approve.
    const runbook = await createRunbook(ctx, {
      name: "pay-rollback",
      method: "POST",
      url: "https://automation.example.com/rollback",
      bodyTemplate: '{"slo": "{{slo}}", "severity": "{{severity}}"}',
      sloAlerts: true,
      services: ["pay-api"],
    });
    const states: string[] = [];
    // The burst runs from 40 to 10 minutes before UNTIL; the data ends at UNTIL.
    for (let minutesBefore = 40; minutesBefore >= -25; minutesBefore -= 1) {
      const run = await evaluateSlos(ctx, new Date(UNTIL.getTime() - minutesBefore * MIN + 30_000));
      expect(run.failed).toEqual([]);
      const status = await pool().query("SELECT state FROM slo_alert_state WHERE slo_id = $1 AND severity = 'page'", [
        created.id,
      ]);
      states.push(status.rows[0]?.state ?? "none");
    }
    const firstFiring = states.indexOf("firing");
    expect(states.slice(0, firstFiring)).toContain("pending");
    expect(firstFiring).toBeGreaterThan(0);
    const detail = await getSlo(ctx, created.id, new Date(UNTIL.getTime() + 25 * MIN + 30_000));
    const pages = detail.history.filter((h) => h.severity === "page");
    expect(pages).toHaveLength(1);
    expect(pages[0].windows.length).toBeGreaterThan(0);
    expect(pages[0].burns["5m"]).toBeGreaterThan(14.4);
    // Still firing at UNTIL, 10 minutes after the burst: the slow pair (30m and 6h) still burns
    // faster than 6. Resolved once the 30m window has left the burst behind, 20 minutes after UNTIL.
    expect(states[40]).toBe("firing");
    expect(states.at(-1)).toBe("resolved");
    const resolvedAt = Date.parse(pages[0].resolvedAt ?? "");
    const notices = await pool().query<{
      state: string;
      notice: { state: string; severity: string; title: string; key: string };
    }>(
      "SELECT state, notice FROM notification_delivery WHERE channel_id = $1 AND notice->>'severity' = 'page' ORDER BY id",
      [channel.id],
    );
    // The resolve replaced the trigger still waiting for delivery: the channel hears the latest.
    expect(notices.rows.map((r) => [r.notice.state, r.state])).toEqual([
      ["firing", "superseded"],
      ["resolved", "pending"],
    ]);
    expect(notices.rows[0].notice.key).toBe(notices.rows[1].notice.key);
    expect(notices.rows[0].notice.title).toBe("Page: pay-post error budget burn");
    const runs = (await listRuns(ctx, { runbookId: runbook.id })).items.filter((r) => r.sloAlertId === pages[0].id);
    expect(runs).toMatchObject([{ state: "awaiting_approval", proposedBy: "system:runbooks" }]);
    expect(JSON.parse(runs[0].request.body)).toEqual({ slo: "pay-post", severity: "page" });
    expect(resolvedAt).toBeGreaterThanOrEqual(UNTIL.getTime() + 20 * MIN);
    expect(resolvedAt).toBeLessThanOrEqual(UNTIL.getTime() + 21 * MIN);
  }, 120_000);
});

describe("an SLO's hourly series", () => {
  it("ends with the budget its status gives, and has the SLI of each hour", async () => {
    const created = await createSlo(ctx, {
      name: "pay-series",
      service: "pay-api",
      sli: { type: "availability" },
      objectivePercent: 99.5,
      window: "30d",
    });
    const now = new Date(UNTIL.getTime() + 10_000);
    const series = await sloSeries(ctx, created.id, now);
    const status = (await getSlo(ctx, created.id, now)).errorBudgetRemaining;
    expect(series.points.at(-1)?.budgetRemaining).toBeCloseTo(status ?? Number.NaN, 12);
    // 30 days not on an hour: 719 whole hours and the two partial ones at the ends.
    expect(series.points).toHaveLength(721);
    expect(series.points[0].total).toBe(23 * 150);
    const burst = series.points.find((p) => p.at === "2026-11-20T10:00:00.000Z");
    const hour = Date.parse("2026-11-20T10:00:00Z");
    expect(burst?.sli).toBeCloseTo(
      1 -
        (ratio(
          hour,
          () => true,
          (m) => m.errors,
        ) ?? Number.NaN),
      12,
    );
  });
});
