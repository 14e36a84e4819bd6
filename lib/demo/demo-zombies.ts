import { authorize, type Ctx } from "../context";
import { importCloudResources } from "../cloud-inventory/import-cloud-resources";
import { importCloudwatchStatistics } from "../cloud-inventory/import-cloudwatch-statistics";
import { importBilling } from "../costs/import-billing";
import { importTerraformState } from "../costs/import-terraform-state";
import { withSpan } from "../telemetry";
import { utcDay } from "../time";
import { scanZombies, type ScanResult } from "../zombies/scan-zombies";
import { demoZombieCostLines } from "./demo-zombie-bill";
import { DEMO_COMMANDS, demoZombieMetrics, demoZombieSnapshots } from "./demo-zombie-inventory";
import { SANDBOX_ACCOUNT, SANDBOX_FILE, SANDBOX_REGION } from "./demo-zombie-resources";
import { previewTerraformState, storePreviewTraffic } from "./demo-zombie-traffic";

// The demo's zombies: a sandbox AWS account imported through the verbs its collectors use (a FOCUS
// bill of its own, the AWS CLI's describe outputs and CloudWatch statistics, the preview
// environment's Terraform state) and the preview's traffic, then one scan so the Zombies page has
// its findings when the demo opens. Every import is keyed so that a reload replaces its own rows.

export interface DemoZombiesResult {
  costLines: number;
  cloudResources: number;
  datapoints: number;
  previewRequests: number;
  scan: ScanResult;
}

async function* asStream<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Loads the sandbox account and scans; call it after the demo's bill, traces and allocation. */
export async function loadDemoZombies(ctx: Ctx, now: Date = new Date()): Promise<DemoZombiesResult> {
  authorize(ctx, "demo:load");
  const today = utcDay(now);
  return withSpan("loadDemoZombies", { "vigil.today": today }, async () => {
    const bill = await importBilling(
      ctx,
      { format: "focus", fileName: SANDBOX_FILE, via: "demo" },
      { lines: asStream(demoZombieCostLines(today)), read: () => ({ bytes: 0, sha256: null }) },
    );
    let cloudResources = 0;
    for (const snapshot of demoZombieSnapshots(today)) {
      const given = { region: SANDBOX_REGION, account: SANDBOX_ACCOUNT };
      const command = DEMO_COMMANDS[snapshot.kind as keyof typeof DEMO_COMMANDS];
      cloudResources += (await importCloudResources(ctx, { command, given, read: async () => snapshot })).resources;
    }
    let datapoints = 0;
    for (const series of demoZombieMetrics(today))
      datapoints += (await importCloudwatchStatistics(ctx, { read: async () => series })).datapoints;
    await importTerraformState(ctx, {
      name: "vigil-demo-preview-pr-4211.tfstate",
      read: async () => previewTerraformState(),
    });
    const previewRequests = await storePreviewTraffic(today);
    const scan = await scanZombies(ctx, now);
    return { costLines: bill.rows, cloudResources, datapoints, previewRequests, scan };
  });
}
