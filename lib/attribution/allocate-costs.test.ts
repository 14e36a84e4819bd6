import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { addDays } from "@/lib/time";
import { rollupSpans } from "@/lib/traces/rollup-spans";
import { costLine, recordCostLines, uniqueName } from "@/test/factories";
import { ingestOtlpJson } from "@/test/span-factory";
import { allocateCosts } from "./allocate-costs";
import { costSummary } from "./cost-summary";
import { UNALLOCATED } from "./reserved-keys";
import { splitAmount } from "./split";

const ctx = systemCtx("test");
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** Root spans of one service, `counts` requests per feature (null: no feature attribute), in one minute. */
function requests(service: string, minuteMs: number, counts: [string | null, number][]) {
  const spans = counts.flatMap(([feature, n], f) =>
    Array.from({ length: n }, (_, i) => ({
      traceId: hex(minuteMs + f * 1000 + i, 32),
      spanId: hex(f * 1000 + i + 1, 16),
      name: "POST /pay",
      kind: 2,
      startTimeUnixNano: String(BigInt(minuteMs + i * 10) * 1_000_000n),
      endTimeUnixNano: String(BigInt(minuteMs + i * 10 + 5) * 1_000_000n),
      attributes: feature ? [{ key: "vigil.feature", value: { stringValue: feature } }] : [],
    })),
  );
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: service } },
            { key: "deployment.environment", value: { stringValue: "prod" } },
          ],
        },
        scopeSpans: [{ spans }],
      },
    ],
  });
}

describe("allocateCosts (PostgreSQL)", () => {
  afterAll(closeDb);

  it("splits exactly", () => {
    expect(splitAmount("1", [1n, 1n, 1n])).toEqual([
      "0.333333333333333334",
      "0.333333333333333333",
      "0.333333333333333333",
    ]);
    expect(splitAmount("-0.05", [3n, 1n])).toEqual(["-0.0375", "-0.0125"]);
    expect(splitAmount("10", [0n, 5n])).toEqual(["0", "10"]);
  });

  it("tags first, shared costs by each feature's share of the service's requests, the rest unallocated; every day adds up to its lines", async () => {
    const service = uniqueName("payments-api");
    const feature = uniqueName("card-payments");
    const other = uniqueName("payouts");
    // A minute two to three days ago: span partitions exist for it.
    const minuteMs =
      Math.floor((Date.now() - (2 * 1440 + Math.floor(Math.random() * 1440)) * 60_000) / 60_000) * 60_000;
    const day = new Date(minuteMs).toISOString().slice(0, 10);
    // 41 requests for one feature, 49 for another, 10 with no feature attribute.
    await ingestOtlpJson(
      ctx,
      requests(service, minuteMs, [
        [feature, 41],
        [other, 49],
        [null, 10],
      ]),
    );
    await rollupSpans(ctx, { from: new Date(minuteMs), to: new Date(minuteMs + 59_000) });

    const source = uniqueName("alloc");
    await recordCostLines(ctx, {
      source,
      lines: [
        costLine(day, {
          billedCost: "7.25",
          effectiveCost: "7",
          resourceId: `${source}-tagged`,
          tags: { feature, team: "payments", env: "prod" },
        }),
        // Shared: names the service it serves, no feature.
        costLine(day, {
          billedCost: "100",
          effectiveCost: "90",
          resourceId: `${source}-db`,
          tags: { service, env: "prod" },
        }),
        // Marked shared although it has a feature tag.
        costLine(day, {
          billedCost: "0.000000000000000003",
          effectiveCost: "0",
          resourceId: `${source}-db`,
          tags: { service, feature: "shared", env: "prod" },
        }),
        costLine(day, { billedCost: "3.5", effectiveCost: "3.5", resourceId: `${source}-orphan`, tags: {} }),
        costLine(day, {
          billedCost: "1",
          effectiveCost: "1",
          resourceId: `${source}-quiet`,
          tags: { service: uniqueName("no-traffic") },
        }),
      ],
    });
    const result = await allocateCosts(ctx, { from: day, to: addDays(day, 1) });
    expect(result.byMethod.telemetry).toBeGreaterThanOrEqual(3);

    const { rows } = await pool().query<{
      resource_id: string;
      feature: string;
      team: string;
      method: string;
      billed: string;
      effective: string;
      weight: Record<string, string> | null;
    }>(
      `SELECT resource_id, feature, team, method, trim_scale(billed_cost)::text AS billed, trim_scale(effective_cost)::text AS effective, weight
       FROM cost_allocation WHERE day = $1 AND resource_id LIKE $2 ORDER BY resource_id, feature`,
      [day, `${source}-%`],
    );
    const db = rows.filter((row) => row.resource_id === `${source}-db` && row.effective !== "0");
    const share = (f: string) => db.find((row) => row.feature === f);
    // 100 split 41 / 49 / 10, with the weights kept.
    expect(share(feature)).toMatchObject({
      method: "telemetry",
      billed: "41",
      effective: "36.9",
      weight: { basis: "requests", service, units: "41", total: "100", share: "0.4100" },
    });
    expect(share(other)).toMatchObject({ billed: "49", effective: "44.1" });
    expect(share(UNALLOCATED)).toMatchObject({ method: "telemetry", billed: "10", effective: "9" });
    // The marked-shared 3e-18 is split too, to the last unit: 1.23, 1.47 and 0.3 units round to 1, 2 and 0.
    const tiny = rows.filter(
      (row) => row.resource_id === `${source}-db` && row.effective === "0" && row.billed !== "0",
    );
    expect(
      tiny.map(({ feature: f, billed }) => [f === feature ? "feature" : f === other ? "other" : f, billed]).sort(),
    ).toEqual([
      ["feature", "0.000000000000000001"],
      ["other", "0.000000000000000002"],
    ]);
    expect(rows.find((row) => row.resource_id === `${source}-tagged`)).toMatchObject({
      feature,
      team: "payments",
      method: "tag",
      billed: "7.25",
    });
    expect(rows.find((row) => row.resource_id === `${source}-orphan`)).toMatchObject({
      feature: UNALLOCATED,
      team: UNALLOCATED,
      method: "unallocated",
      billed: "3.5",
      weight: { reason: "no feature tag and no service to split it by" },
    });
    expect(rows.find((row) => row.resource_id === `${source}-quiet`)?.weight?.reason).toMatch(
      /^no requests from no-traffic-/,
    );

    // Conservation: the day's allocation equals the day's cost lines to the last decimal.
    const { rows: totals } = await pool().query(
      `SELECT (SELECT sum(billed_cost) FROM cost_allocation WHERE day = $1)::text AS allocated_billed, (SELECT sum(billed_cost) FROM cost_line WHERE charge_period_start >= $1::date AND charge_period_start < $1::date + 1)::text AS billed,
              (SELECT sum(effective_cost) FROM cost_allocation WHERE day = $1)::text AS allocated_effective, (SELECT sum(effective_cost) FROM cost_line WHERE charge_period_start >= $1::date AND charge_period_start < $1::date + 1)::text AS effective`,
      [day],
    );
    expect(totals[0].allocated_billed).toBe(totals[0].billed);
    expect(totals[0].allocated_effective).toBe(totals[0].effective);

    // The summary API's view: by feature, __unallocated__ included, adding up to the billed total.
    const byFeature = await costSummary(ctx, {
      from: day,
      to: addDays(day, 1),
      groupBy: "feature",
      metric: "billed",
      limit: 1000,
    });
    expect(byFeature.find((row) => row.key === feature)?.cost).toBe("48.250000000000000001");
    expect(byFeature.some((row) => row.key === UNALLOCATED)).toBe(true);
    const sum = await pool().query("SELECT trim_scale(sum(x::numeric))::text AS s FROM unnest($1::text[]) x", [
      byFeature.map((row) => row.cost),
    ]);
    expect(sum.rows[0].s).toBe(
      (await pool().query("SELECT trim_scale($1::numeric)::text AS s", [totals[0].billed])).rows[0].s,
    );
  });
});
