import { authorize, type Ctx } from "../context";
import { createBudget } from "../attribution/create-budget";
import { importBilling } from "../costs/import-billing";
import { importTerraformState } from "../costs/import-terraform-state";
import { db } from "../db";
import { registerFeature } from "../features/register-feature";
import { registerService } from "../services/register-service";
import { withSpan } from "../telemetry";
import { utcDay } from "../time";
import { demoCostLines, demoWindow } from "./demo-cost-lines";
import { loadDemoDrift } from "./demo-drift";
import { demoTerraformState } from "./demo-state";
import { loadDemoPolicy } from "./demo-policy";
import { DEMO_BUDGETS, DEMO_FEATURES, DEMO_SERVICES } from "./demo-platform";

export const DEMO_FILE = "vigil-demo-focus.csv";

export interface DemoLoadResult {
  services: number;
  features: number;
  costLines: number;
  billedCost: string;
  terraformResources: number;
  window: { from: string; to: string };
}

/** Loads the demo platform through the same verbs the collectors and UI use. Safe to repeat. */
export async function loadDemo(ctx: Ctx, today: string = utcDay(new Date())): Promise<DemoLoadResult> {
  authorize(ctx, "demo:load");
  return withSpan("loadDemo", { "vigil.today": today }, async () => {
    for (const service of DEMO_SERVICES) await registerService(ctx, service);
    for (const feature of DEMO_FEATURES) await registerFeature(ctx, feature);
    // Through the same verbs as an uploaded state and billing export; a reload replaces both.
    const state = await importTerraformState(ctx, {
      name: "vigil-demo.tfstate",
      read: async () => demoTerraformState(),
    });
    await loadDemoPolicy(ctx, state.stateId);
    const recorded = await importBilling(
      ctx,
      { format: "focus", fileName: DEMO_FILE, via: "demo" },
      { lines: asStream(demoCostLines(today)), read: () => ({ bytes: 0, sha256: null }) },
    );
    const window = demoWindow(today);
    await loadDemoDrift(ctx, today);
    for (const budget of DEMO_BUDGETS) {
      if (!(await db().budget.findUnique({ where: { scope_key: { scope: budget.scope, key: budget.key } } })))
        await createBudget(ctx, budget);
    }
    return {
      services: DEMO_SERVICES.length,
      features: DEMO_FEATURES.length,
      costLines: recorded.rows,
      // The demo file is in USD only, so it has one total.
      billedCost: recorded.billedCost ?? "0",
      terraformResources: state.resources,
      window,
    };
  });
}

async function* asStream<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** True when nothing has been stored yet: the only case where the embedded start loads the demo. */
export async function isDatabaseEmpty(ctx: Ctx): Promise<boolean> {
  authorize(ctx, "demo:load");
  const [services, costLines] = await Promise.all([db().service.count(), db().costLine.count()]);
  return services === 0 && costLines === 0;
}
