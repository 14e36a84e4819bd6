import { afterAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { explainAnomaly } from "./explain-anomaly";
import { readCostSeries } from "./read-cost-series";
import { scanCostWindow } from "./scan-costs";

// Nine weeks of daily allocation written straight into cost_allocation, in 2009 (no other test
// writes that year), so the scan and the reader see only these services.

afterAll(closeDb);

const DAY = 86_400_000;
const START = Date.parse("2009-03-02T00:00:00Z");
const DAYS = 63;
const UNTIL = START + DAYS * DAY;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Line {
  day: number;
  service: string;
  feature: string;
  cost: string;
  provider?: string;
}

async function allocate(lines: Line[]) {
  await pool().query(
    `INSERT INTO cost_allocation (day, provider_name, service_name, resource_id, feature, team, environment, app_service,
       method, billed_cost, effective_cost, computed_at)
     SELECT u.day::date, u.provider, 'AmazonEC2', 'i-' || u.service, u.feature, 't', 'prod', u.service, 'tag', u.cost::numeric, u.cost::numeric, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u (day, service, feature, cost, provider)`,
    [
      lines.map((line) => iso(line.day)),
      lines.map((line) => line.service),
      lines.map((line) => line.feature),
      lines.map((line) => line.cost),
      lines.map((line) => line.provider ?? "AWS"),
    ],
  );
}

/** A weekday-heavy daily cost with a little wobble; `at(i)` may override a day. */
function days(service: string, feature: string, base: number, at?: (i: number) => number | null): Line[] {
  return Array.from({ length: DAYS }, (_, i) => {
    const weekend = [0, 6].includes(new Date(START + i * DAY).getUTCDay());
    const usual = base * (weekend ? 0.7 : 1) * (1 + 0.01 * Math.sin(i));
    const cost = at?.(i) ?? usual;
    return { day: START + i * DAY, service, feature, cost: cost.toFixed(6) };
  });
}

const anomalies = async (service: string) =>
  (
    await pool().query<{ scope: string; direction: string; severity: string; started_at: Date; ended_at: Date | null }>(
      "SELECT scope, direction, severity, started_at, ended_at FROM anomaly WHERE service = $1 AND series = 'cost' ORDER BY scope",
      [service],
    )
  ).rows;

describe("the daily cost scan", () => {
  it("finds a feature's spend jump in its service and the feature, and leaves drops and pocket change alone", async () => {
    const [grows, falls, small, single] = ["grows", "falls", "small", "single"].map(uniqueName);
    // The last three days: the search feature of `grows` costs 4x; `falls` stops; `small` doubles from $0.40.
    await allocate([
      ...days(grows, "search", 50, (i) => (i >= DAYS - 3 ? 200 : null)),
      ...days(grows, "checkout", 100),
      ...days(falls, "ledger", 80, (i) => (i >= DAYS - 3 ? 1 : null)),
      ...days(small, "misc", 0.4, (i) => (i >= DAYS - 3 ? 0.8 : null)),
      // One feature is all of this service's spend: its rise is one anomaly, the service's.
      ...days(single, "only", 40, (i) => (i === DAYS - 2 ? 400 : null)),
    ]);
    const summary = await scanCostWindow(UNTIL);
    expect(summary.failures).toEqual([]);
    expect(summary.series).toBeGreaterThanOrEqual(6);

    const found = await anomalies(grows);
    expect(found.map((row) => row.scope)).toEqual(["", "search"]);
    for (const row of found) {
      expect(row.direction).toBe("up");
      expect(row.started_at.toISOString()).toBe(new Date(UNTIL - 3 * DAY).toISOString());
    }
    expect(await anomalies(falls)).toEqual([]);
    expect(await anomalies(small)).toEqual([]);
    expect((await anomalies(single)).map((row) => [row.scope, row.started_at.toISOString()])).toEqual([
      ["", new Date(UNTIL - 2 * DAY).toISOString()],
    ]);

    // What changed names the resource, comparing the episode's own days with the week before.
    const [total] = (
      await pool().query<{ id: string }>("SELECT id FROM anomaly WHERE service = $1 AND scope = ''", [grows])
    ).rows;
    const changes = await explainAnomaly(pool(), total.id, DAY);
    const cost = changes.find((change) => change.kind === "cost")!;
    expect(cost.summary).toContain(`i-${grows} grew from`);
    expect(Number(cost.recent)).toBeGreaterThan(290);
    expect(Number(cost.before)).toBeLessThan(160);

    // The same allocation scanned again writes nothing new.
    const again = await scanCostWindow(UNTIL);
    expect(again.inserted).toEqual([]);
    expect((await anomalies(grows)).length).toBe(2);
  });

  it("reads a day past the last one every provider's bill reaches as a gap, and an earlier day without cost as zero", async () => {
    const [service, other] = ["gap", "other"].map(uniqueName);
    const from = Date.parse("2009-08-03T00:00:00Z");
    // `service` (AWS) had cost on days 0 and 3 only; the Azure bill of `other` reaches day 4, AWS day 5.
    await allocate([
      { day: from, service, feature: "f", cost: "5" },
      { day: from + 3 * DAY, service, feature: "f", cost: "7" },
      { day: from + 5 * DAY, service: uniqueName("aws-late"), feature: "f", cost: "1" },
      { day: from + 4 * DAY, service: other, feature: "f", cost: "2", provider: "Azure" },
    ]);
    const all = await readCostSeries(pool(), { from: new Date(from - DAY), to: new Date(from + 7 * DAY) });
    const total = all.find((entry) => entry.service === service && entry.scope === "")!;
    expect(Array.from(total.series.values)).toEqual([NaN, 5, 0, 0, 7, 0, NaN, NaN]);
    expect(all.find((entry) => entry.service === service && entry.scope === "f")!.series.values[4]).toBe(7);
    expect(all.some((entry) => entry.service === service && entry.scope === "__unallocated__")).toBe(false);
  });
});
