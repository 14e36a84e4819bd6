import { authorize, type Ctx } from "../context";
import { recordCostLines } from "../costs/record-cost-lines";
import { rollupDailySpend } from "../costs/rollup-daily-spend";
import { db } from "../db";
import { registerFeature } from "../features/register-feature";
import { registerService } from "../services/register-service";
import { withSpan } from "../telemetry";
import { utcDay } from "../time";
import { demoCostLines, demoWindow } from "./demo-cost-lines";
import { DEMO_FEATURES, DEMO_SERVICES } from "./demo-platform";

export const DEMO_SOURCE = "demo:focus";

export interface DemoLoadResult {
  services: number;
  features: number;
  costLines: number;
  billedCost: string;
  window: { from: string; to: string };
}

/** Loads the demo platform through the same verbs the collectors and UI use. Safe to repeat. */
export async function loadDemo(ctx: Ctx, today: string = utcDay(new Date())): Promise<DemoLoadResult> {
  authorize(ctx, "demo:load");
  return withSpan("loadDemo", { "vigil.today": today }, async () => {
    for (const service of DEMO_SERVICES) await registerService(ctx, service);
    for (const feature of DEMO_FEATURES) await registerFeature(ctx, feature);
    const recorded = await recordCostLines(ctx, { source: DEMO_SOURCE, lines: demoCostLines(today) });
    const window = demoWindow(today);
    await rollupDailySpend(ctx, window);
    return {
      services: DEMO_SERVICES.length,
      features: DEMO_FEATURES.length,
      costLines: recorded.rows,
      billedCost: recorded.billedCost,
      window,
    };
  });
}

/** True when nothing has been stored yet: the only case where the embedded start loads the demo. */
export async function isDatabaseEmpty(ctx: Ctx): Promise<boolean> {
  authorize(ctx, "demo:load");
  const [services, costLines] = await Promise.all([db().service.count(), db().costLine.count()]);
  return services === 0 && costLines === 0;
}
