import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { recordCostLines } from "@/test/factories";
import { closeDb, pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { addDays } from "@/lib/time";
import { costLine, roleCtx, uniqueName } from "@/test/factories";
import { allocateCosts } from "./allocate-costs";
import { createBudget } from "./create-budget";
import { deleteBudget } from "./delete-budget";
import { evaluateBudgets } from "./evaluate-budgets";
import { createChannel } from "@/lib/notifications/create-channel";
import { registerFeature } from "@/lib/features/register-feature";
import { listBudgets } from "./list-budgets";
import { listCostAlerts } from "./list-cost-alerts";
import { featureCosts } from "./feature-costs";

const ctx = systemCtx("test");

describe("budgets (PostgreSQL)", () => {
  afterAll(closeDb);

  it("flag the threshold, the forecast breach and the breach once each per month", async () => {
    const feature = uniqueName("feature");
    // A month of its own far back, with 31 days: the 20th, 19 days in, 12 left with today.
    const today = `${2000 + Math.floor(Math.random() * 20)}-${["01", "03", "05", "07", "08", "10", "12"][Math.floor(Math.random() * 7)]}-20`;
    const month = today.slice(0, 7);
    const source = uniqueName("budget");
    // 100 a day from the 1st to the 19th: 1,900 so far, a run rate of 100, 12 days left.
    const days = Array.from({ length: 19 }, (_, i) => addDays(`${month}-01`, i));
    await recordCostLines(ctx, {
      source,
      lines: days.map((day) =>
        costLine(day, { billedCost: "100", effectiveCost: "100", resourceId: source, tags: { feature } }),
      ),
    });
    await allocateCosts(ctx, { from: `${month}-01`, to: today });

    const { id } = await createBudget(roleCtx("finops"), {
      scope: "feature",
      key: feature,
      monthlyAmount: "2500",
      thresholdPercent: 75,
    });
    const status = (await listBudgets(ctx, today)).find((budget) => budget.id === id);
    expect(status).toMatchObject({
      usedPercent: 76,
      status: "forecast_breach",
      forecast: { monthToDate: "1900", projected: "3100" },
    });
    // 19 days of spend are enough for the seasonal model: a flat 100 a day, as the run rate said.
    expect(status?.forecast).toMatchObject({ model: "seasonal" });
    expect(status?.forecast.method).toMatch(
      /seasonal model's expected spend \(1200\.00\) for each of the 12 days left/,
    );
    // One question, one number: the feature's own page projects the month as its budget does.
    const page = await featureCosts(ctx, feature, { from: `${month}-01`, to: addDays(today, 1) }, today);
    expect(page?.forecast).toEqual(status?.forecast);

    // The feature's team has a channel of its own: the crossings reach it as notices.
    const team = uniqueName("team");
    await registerFeature(ctx, { key: feature, name: feature, team });
    const channel = await createChannel(roleCtx("admin"), {
      name: uniqueName("budget-hook"),
      kind: "webhook",
      url: "http://127.0.0.1:9/hook",
      secret: "a-long-enough-secret-123",
      routing: { teams: [team] },
    });
    const evaluated = await evaluateBudgets(ctx, today);
    expect(evaluated.raised).toBeGreaterThanOrEqual(2);
    expect(evaluated.unnotified).toEqual([]);
    const notices = await pool().query<{ notice: { severity: string; source: string; title: string } }>(
      "SELECT notice FROM notification_delivery WHERE channel_id = $1 ORDER BY id",
      [channel.id],
    );
    expect(notices.rows.map((r) => [r.notice.source, r.notice.severity]).sort()).toEqual([
      ["budget", "info"],
      ["budget", "info"],
    ]);
    await evaluateBudgets(ctx, today);
    const alerts = (await listCostAlerts(ctx, { limit: 200 })).items.filter((alert) => alert.key === feature);
    expect(alerts.map((alert) => alert.kind).sort()).toEqual(["forecast_breach", "threshold"]);
    expect(alerts.find((alert) => alert.kind === "forecast_breach")?.message).toBe(
      `feature ${feature} is forecast to spend $3,100.00 in ${month}, over its budget of $2,500.00`,
    );

    // Spending past the budget raises the breach.
    await recordCostLines(ctx, {
      source: `${source}-more`,
      lines: [
        costLine(addDays(today, -1), {
          billedCost: "700",
          effectiveCost: "700",
          resourceId: source,
          tags: { feature },
        }),
      ],
    });
    await allocateCosts(ctx, { from: `${month}-01`, to: today });
    await evaluateBudgets(ctx, today);
    const kinds = (await listCostAlerts(ctx, { limit: 200 })).items
      .filter((alert) => alert.key === feature)
      .map((alert) => alert.kind);
    expect(kinds.sort()).toEqual(["breach", "forecast_breach", "threshold"]);

    await expect(
      createBudget(roleCtx("finops"), { scope: "feature", key: feature, monthlyAmount: "1" }),
    ).rejects.toThrow(/already a budget/);
    await expect(createBudget(roleCtx("sre"), { scope: "team", key: "x", monthlyAmount: "1" })).rejects.toThrow(
      VigilError,
    );
    await deleteBudget(roleCtx("finops"), id);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM cost_alert WHERE budget_id = $1", [id]);
    expect(rows[0].n).toBe(0);
  });
});
