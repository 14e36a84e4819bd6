import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { alertCondition, nextAlertState, type AlertStatus, type Burns } from "./alert-state";
import { budgetRemaining, burnRate, errorBudget, errorRatio, periodErrorRatio, timeToExhaustionMs } from "./budget";
import { alertWindows, BURN_WINDOWS, type BurnWindow, periodAt, periodLengthMs } from "./slo-windows";

const MIN = 60_000;
const DAY = 86_400_000;

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}

/** The rules Sloth generated from its getting-started spec (objective 99.9, 30 days). */
function slothRules(): Rule[] {
  const text = fs.readFileSync(path.join(__dirname, "testdata/sloth-getting-started-gen.yml"), "utf8");
  const [doc] = parseAllDocuments(text) as { toJS(): { groups: { rules: Rule[] }[] } }[];
  return doc.toJS().groups.flatMap((g) => g.rules);
}

/** Each alert's (short, long, factor) pairs as written in the generated expressions. */
function slothAlertPairs(rules: Rule[]) {
  return rules
    .filter((r) => r.alert)
    .flatMap((r) => {
      const terms = [...r.expr.matchAll(/ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \* [\d.]+\)/g)];
      const pairs = [];
      for (let i = 0; i < terms.length; i += 2)
        pairs.push({
          severity: r.labels?.sloth_severity,
          short: terms[i][1],
          long: terms[i + 1][1],
          factor: Number(terms[i][2]),
        });
      return pairs;
    });
}

describe("Sloth's generated rules for the getting-started spec", () => {
  const rules = slothRules();

  it("have Vigil's windows and factors for a 30-day period", () => {
    const ours = alertWindows(30 * DAY).map(({ severity, short, long, factor }) => ({ severity, short, long, factor }));
    expect(ours).toEqual(slothAlertPairs(rules));
  });

  it("have Vigil's error budget and period", () => {
    const expr = (name: string) => rules.find((r) => r.record === name)?.expr.trim();
    expect(expr("slo:error_budget:ratio")).toBe("vector(1-0.9990000000000001)");
    expect(errorBudget(99.9)).toBe(1 - 0.9990000000000001);
    expect(expr("slo:time_period:days")).toBe("vector(30)");
    expect(periodLengthMs("30d", new Date("2026-12-06T00:00:00Z"))).toBe(30 * DAY);
    const windows = rules
      .filter((r) => r.record?.startsWith("slo:sli_error:ratio_rate"))
      .map((r) => r.labels?.sloth_window);
    expect(windows).toEqual([...Object.keys(BURN_WINDOWS), "30d"]);
  });

  it("give the burn rates, remaining budget and alerts Vigil gives on a synthetic series", () => {
    // 32 days of minutes, 1,000 requests each; errors: a steady trickle, a burst, and a slow leak.
    const minutes = 32 * 1440;
    const errors: number[] = Array.from({ length: minutes }, (_, m) =>
      m > minutes - 50 && m < minutes - 20 ? 40 : m > minutes - 3000 && m < minutes - 1500 ? 3 : m % 7 === 0 ? 1 : 0,
    );
    const total = 1000;
    const budget = errorBudget(99.9);
    // Sloth at the end of minute `end`: rate ratios over each window; the period averages the 5m ratio.
    const sum = (from: number, to: number) => errors.slice(Math.max(0, from), to).reduce((a, b) => a + b, 0);
    const ratioRate = (end: number, windowMin: number) => sum(end - windowMin, end) / (total * windowMin);
    for (const end of [minutes - 1400, minutes - 1600, minutes - 45, minutes - 10, minutes]) {
      const slothBurns = Object.fromEntries(
        Object.entries(BURN_WINDOWS).map(([w, ms]) => [w, ratioRate(end, ms / MIN) / budget]),
      ) as Record<BurnWindow, number>;
      const samples = Array.from({ length: 30 * 1440 }, (_, k) => ratioRate(end - k, 5));
      const slothPeriodBurn = samples.reduce((a, b) => a + b, 0) / samples.length / budget;

      const counts = (windowMin: number) => {
        const bad = sum(end - windowMin, end);
        return { good: total * windowMin - bad, total: total * windowMin };
      };
      for (const [w, ms] of Object.entries(BURN_WINDOWS))
        expect(burnRate(errorRatio(counts(ms / MIN)), budget)).toBeCloseTo(slothBurns[w as BurnWindow], 9);
      const slices = Array.from({ length: 30 * 1440 }, (_, k) => ({ good: total - errors[end - 1 - k], total }));
      const periodBurn = burnRate(periodErrorRatio("Occurrences", slices, null), budget);
      // Sloth's period ratio is the mean of rolling 5m ratios, which weighs the 4 newest minutes and
      // the period's 4 first ones less (and 4 before it a little): Vigil counts events, so the two
      // differ by at most those minutes' errors.
      const period = 30 * 1440;
      const edge = (sum(end - 4, end) + sum(end - period - 4, end - period + 4)) / (total * period) / budget;
      expect(Math.abs((periodBurn ?? Number.NaN) - slothPeriodBurn)).toBeLessThanOrEqual(edge + 1e-12);
      const remaining = budgetRemaining(periodErrorRatio("Occurrences", slices, null), budget);
      expect(Math.abs((remaining ?? Number.NaN) - (1 - slothPeriodBurn))).toBeLessThanOrEqual(edge + 1e-12);

      const windows = alertWindows(30 * DAY);
      for (const severity of ["page", "ticket"] as const) {
        const slothFires = slothAlertPairs(rules)
          .filter((p) => p.severity === severity)
          .some((p) => slothBurns[p.short as BurnWindow] > p.factor && slothBurns[p.long as BurnWindow] > p.factor);
        expect(alertCondition(windows, severity, slothBurns).breached).toBe(slothFires);
      }
    }
  });
});

describe("windows and factors", () => {
  it("scale with the period as Sloth's formula does", () => {
    expect(alertWindows(28 * DAY).map((w) => w.factor)).toEqual([13.44, 5.6, 2.8, 0.9333333333]);
    expect(alertWindows(7 * DAY).map((w) => w.factor)).toEqual([3.36, 1.4, 0.7, 0.2333333333]);
  });

  it("take calendar periods whole, across month and year ends, in UTC", () => {
    expect(periodAt("1M", new Date("2026-02-28T23:59:59Z"))).toEqual({
      from: new Date("2026-02-01T00:00:00Z"),
      to: new Date("2026-03-01T00:00:00Z"),
    });
    expect(periodAt("1M", new Date("2026-12-31T23:00:00Z")).to).toEqual(new Date("2027-01-01T00:00:00Z"));
    expect(periodLengthMs("1M", new Date("2024-02-10T00:00:00Z"))).toBe(29 * DAY);
    // 2026-12-06 is a Sunday: its ISO week began on Monday 2026-11-30, across the month end.
    expect(periodAt("1w", new Date("2026-12-06T12:00:00Z"))).toEqual({
      from: new Date("2026-11-30T00:00:00Z"),
      to: new Date("2026-12-07T00:00:00Z"),
    });
    expect(periodAt("1w", new Date("2026-11-30T00:00:00Z")).from).toEqual(new Date("2026-11-30T00:00:00Z"));
    expect(periodAt("7d", new Date("2026-12-06T12:00:00Z")).from).toEqual(new Date("2026-11-29T12:00:00Z"));
  });
});

describe("budgeting methods", () => {
  const slice = (good: number, total: number) => ({ good, total });

  it("Occurrences counts events; Timeslices counts good slices; RatioTimeslices averages slice ratios", () => {
    // Hand computed: 3 slices of 100, 10 and 1,000 events with 99, 5 and 990 good.
    const slices = [slice(99, 100), slice(5, 10), slice(990, 1000)];
    expect(periodErrorRatio("Occurrences", slices, null)).toBeCloseTo(16 / 1110, 12);
    // Slices good at 99%: the first and the third (990/1000 = 0.99 exactly) are; the second is not.
    expect(periodErrorRatio("Timeslices", slices, 99)).toBeCloseTo(1 / 3, 12);
    expect(periodErrorRatio("RatioTimeslices", slices, null)).toBeCloseTo(1 - (0.99 + 0.5 + 0.99) / 3, 12);
  });

  it("leaves empty slices out and has no figure without events", () => {
    expect(periodErrorRatio("Timeslices", [slice(0, 0), slice(10, 10)], 95)).toBe(0);
    expect(periodErrorRatio("RatioTimeslices", [slice(0, 0)], null)).toBeNull();
    expect(periodErrorRatio("Occurrences", [], null)).toBeNull();
    expect(budgetRemaining(null, 0.001)).toBeNull();
  });

  it("OpenSLO's Timeslices example: 2 weeks of 1-minute slices at 95% burn the budget in 16 h 48 min", () => {
    const slices = 14 * 1440;
    expect(slices).toBe(20_160);
    const bad = 16 * 60 + 48;
    const ratio = periodErrorRatio(
      "Timeslices",
      Array.from({ length: slices }, (_, k) => (k < bad ? slice(0, 1) : slice(1, 1))),
      95,
    );
    expect(budgetRemaining(ratio, errorBudget(95))).toBeCloseTo(0, 12);
    const oneLess = periodErrorRatio(
      "Timeslices",
      Array.from({ length: slices }, (_, k) => slice(k < bad - 1 ? 0 : 1, 1)),
      95,
    );
    expect(budgetRemaining(oneLess, errorBudget(95))).toBeGreaterThan(0);
  });

  it("gives the time to exhaustion at the current burn", () => {
    // A full 30-day budget at 14.4x lasts 30/14.4 days, about 2.08 days.
    expect(timeToExhaustionMs(1, 14.4, 30 * DAY)).toBeCloseTo((30 * DAY) / 14.4, 3);
    expect(timeToExhaustionMs(0.5, 2, 30 * DAY)).toBe(7.5 * DAY);
    expect(timeToExhaustionMs(-0.2, 2, 30 * DAY)).toBe(0);
    expect(timeToExhaustionMs(0.5, 0, 30 * DAY)).toBeNull();
    expect(timeToExhaustionMs(null, 1, 30 * DAY)).toBeNull();
  });
});

describe("alert states", () => {
  const windows = alertWindows(30 * DAY);
  const at = (minutes: number) => new Date(Date.UTC(2026, 11, 6, 0, minutes));
  const burns = (quickShort: number, quickLong: number): Burns => ({
    "5m": quickShort,
    "1h": quickLong,
    "30m": 0,
    "6h": 0,
  });

  function run(series: Burns[]): string[] {
    let status: AlertStatus = { state: "inactive", since: at(0) };
    return series.map((b, minute) => {
      status = nextAlertState(status, alertCondition(windows, "page", b), "page", at(minute));
      return status.state;
    });
  }

  it("waits two minutes pending, fires, and resolves only when the short window is back under", () => {
    const states = run([
      burns(20, 20), // breach: pending
      burns(20, 20), // 1 minute
      burns(20, 20), // 2 minutes: firing
      burns(20, 10), // long window under: condition gone, short still over: stays firing
      burns(10, 20), // short under, long over: resolved
      burns(1, 1),
    ]);
    expect(states).toEqual(["pending", "pending", "firing", "firing", "resolved", "resolved"]);
  });

  it("drops a breach that ends while pending, without firing", () => {
    expect(run([burns(20, 20), burns(1, 20), burns(1, 1)])).toEqual(["pending", "inactive", "inactive"]);
  });

  it("does not breach on missing data", () => {
    expect(alertCondition(windows, "page", { "5m": null, "1h": 50 }).breached).toBe(false);
    expect(alertCondition(windows, "ticket", { "2h": 4, "1d": 4 }).breached).toBe(true);
    expect(alertCondition(windows, "ticket", { "2h": 4, "1d": 2.9 }).breached).toBe(false);
  });
});
