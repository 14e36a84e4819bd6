import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { addDays } from "@/lib/time";
import { costLine, recordCostLines, uniqueName } from "@/test/factories";
import { allocateCosts } from "./allocate-costs";
import { costExplorer } from "./cost-explorer";
import { costSummary } from "./cost-summary";
import { exportBreakdown } from "./export-breakdown";
import { featureCosts } from "./feature-costs";
import { listBudgetKeys } from "@/lib/features/list-budget-keys";
import { UNALLOCATED } from "./reserved-keys";

const ctx = systemCtx("test");

/** A day of its own far back, so parallel tests' allocations never share it. */
const farDay = () => addDays("2001-01-01", Math.floor(Math.random() * 6000));

/** Lines of two teams on two providers and two days, one without a feature; allocated. */
async function seed() {
  const day = farDay();
  const [team, otherTeam, feature] = [uniqueName("team"), uniqueName("team"), uniqueName("feature")];
  const source = uniqueName("explorer");
  const line = (on: string, cost: string, provider: string, tags: Record<string, string>) =>
    costLine(on, { billedCost: cost, effectiveCost: cost, providerName: provider, resourceId: uniqueName("r"), tags });
  await recordCostLines(ctx, {
    source,
    lines: [
      line(day, "10.25", "AWS", { team, feature }),
      line(day, "5", "GCP", { team, feature }),
      line(day, "7", "AWS", { team: otherTeam, feature }),
      line(day, "2.5", "AWS", { team }),
      line(addDays(day, 2), "1.25", "AWS", { team, feature }),
    ],
  });
  await allocateCosts(ctx, { from: day, to: addDays(day, 3) });
  return { day, team, otherTeam, feature };
}

describe("cost exploration (PostgreSQL)", () => {
  afterAll(closeDb);

  it("narrows the summary by several dimensions at once, every one of them applied", async () => {
    const { day, team, feature } = await seed();
    const window = { from: day, to: addDays(day, 3), groupBy: "feature", metric: "billed" };
    const summary = (filters: Record<string, string>) => costSummary(ctx, { ...window, ...filters });
    expect(await summary({ team, provider: "AWS" })).toEqual([
      { key: feature, cost: "11.5" },
      { key: UNALLOCATED, cost: "2.5" },
    ]);
    expect(await summary({ team, provider: "AWS", feature: UNALLOCATED })).toEqual([{ key: UNALLOCATED, cost: "2.5" }]);
    expect(await summary({ team, provider: "GCP" })).toEqual([{ key: feature, cost: "5" }]);
    expect(await summary({ team, provider: "Azure" })).toEqual([]);
    // Paged: the second key alone.
    expect(await summary({ team, provider: "AWS", limit: "1", offset: "1" })).toEqual([
      { key: UNALLOCATED, cost: "2.5" },
    ]);
  });

  it("refuses unknown and hostile parameters with a 400 naming them", async () => {
    const window = { from: "2026-01-01", to: "2026-02-01" };
    const cases: [Record<string, string>, RegExp][] = [
      [{ teams: "payments" }, /unknown parameter teams/],
      [{ team: "a\0b" }, /^team: must not contain NUL/],
      [{ provider: "\uD800" }, /^provider: must be valid Unicode/],
      [{ service: "x".repeat(501) }, /^service: must be 1 to 500 characters/],
      [{ groupBy: "toString" }, /^groupBy: must be one of/],
      [{ offset: "-1" }, /^offset: must be a whole number/],
      [{ limit: "1e15" }, /^limit: must be a whole number/],
      [{ from: "2026-02-01" }, /^to: must be after from/],
    ];
    for (const [params, message] of cases) {
      const error = await costSummary(ctx, { ...window, ...params }).catch((err: unknown) => err);
      expect(error, JSON.stringify(params)).toBeInstanceOf(VigilError);
      expect((error as VigilError).code).toBe("bad_request");
      expect((error as VigilError).message).toMatch(message);
    }
  });

  it("averages over the days with spend, counts unallocated as no feature whatever the grouping, and filters", async () => {
    const { day, team } = await seed();
    const window = { from: addDays(day, -87), to: addDays(day, 3), metric: "billed" as const };
    const byTeam = await costExplorer(ctx, { ...window, groupBy: "team", team });
    expect(byTeam.total).toBe("19");
    // Two days of data in a 90-day window: 19 / 2, not 19 / 90.
    expect(byTeam.daysWithData).toBe(2);
    expect(byTeam.averagePerDay).toBe("9.5");
    // The team grouping has no unallocated key here, yet the tile still counts the line with no feature.
    expect(byTeam.breakdown.map((row) => row.key)).toEqual([team]);
    expect(byTeam.unallocated).toBe("2.5");
    const byFeature = await costExplorer(ctx, { ...window, groupBy: "feature", team });
    expect(byFeature.unallocated).toBe(byTeam.unallocated);
    expect(byFeature.unallocatedPercent).toBeCloseTo((2.5 / 19) * 100, 9);
    // A filter telemetry can not narrow leaves requests unknown rather than wrong.
    expect(byFeature.requestsKnown).toBe(false);
    const narrowed = await costExplorer(ctx, { ...window, groupBy: "provider", team, provider: "GCP" });
    expect(narrowed.breakdown).toMatchObject([{ key: "GCP", cost: "5", percent: 100 }]);
  });

  it("exports the breakdown's rows as CSV, quoted and safe to open in a spreadsheet", async () => {
    const day = farDay();
    const feature = uniqueName("csv");
    const lines = [
      ['=HYPERLINK("http://evil")', "3.333333"],
      ['payments, "core"', "10"],
      ["-risk", "1"],
    ].map(([team, cost]) =>
      costLine(day, { billedCost: cost, effectiveCost: cost, resourceId: uniqueName("r"), tags: { team, feature } }),
    );
    await recordCostLines(ctx, { source: uniqueName("csv"), lines });
    await allocateCosts(ctx, { from: day, to: addDays(day, 1) });
    const input = { from: day, to: addDays(day, 1), groupBy: "team", metric: "billed", feature };
    const { filename, csv } = await exportBreakdown(ctx, input);
    expect(filename).toBe(`costs-by-team-${day}-to-${day}.csv`);
    expect(csv).toBe(
      [
        "Team,Billed cost (USD),Share (%)",
        '"payments, ""core""",10,69.8',
        '"\'=HYPERLINK(""http://evil"")",3.333333,23.3',
        "'-risk,1,7.0",
        "",
      ].join("\r\n"),
    );
    // The same rows as the page's breakdown, from the same verb.
    const page = await costExplorer(ctx, { ...input, groupBy: "team", metric: "billed" });
    expect(
      csv
        .split("\r\n")
        .slice(1, -1)
        .map((line) => line.split(",").at(-2)),
    ).toEqual(page.breakdown.map((row) => row.cost));
    await expect(exportBreakdown(ctx, { ...input, expand: "yes" })).rejects.toThrow(/^expand: must be one of 0, 1/);
    await expect(exportBreakdown(ctx, { ...input, window: "30d" })).rejects.toThrow(/unknown parameter window/);
  });

  it("knows a feature from its registration or its spend, offers it for budgets, and nothing else", async () => {
    const { day, team, feature } = await seed();
    const today = addDays(day, 3);
    expect(await featureCosts(ctx, uniqueName("never-heard-of"), { from: day, to: today }, today)).toBeNull();
    expect((await featureCosts(ctx, feature, { from: day, to: today }, today))?.cost).toBe("23.5");
    const keys = await listBudgetKeys(ctx, today);
    expect(keys.features.map((entry) => entry.key)).toContain(feature);
    expect(keys.teams).toContain(team);
    expect(keys.features.map((entry) => entry.key)).not.toContain(UNALLOCATED);
    expect(keys.teams).not.toContain(UNALLOCATED);
  });
});
