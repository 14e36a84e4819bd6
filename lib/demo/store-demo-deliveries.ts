import { authorize, type Ctx } from "../context";
import { recordDeployment } from "../delivery/record-deployment";
import { recordIncident } from "../delivery/record-incident";
import { recordPullRequest } from "../delivery/record-pull-request";
import type { RecordOutcome } from "../delivery/content-hash";
import { withSpan } from "../telemetry";
import { demoDeliveries } from "./demo-deliveries";

// Stores the demo's three months of deliveries through the verbs the webhooks use, so the demo's
// DORA figures come from the same storage and rules as a real team's. Loading again changes only
// what moved (the story's records follow `now`; the rest are the same records under the same ids).

export interface DemoDeliveriesResult {
  deployments: number;
  pullRequests: number;
  incidents: number;
  /** Records written (created or updated); the rest were already stored as they are. */
  written: number;
}

/**
 * One record at a time, each its verb's own short transaction: about 2 s for the ~770 records on a
 * small machine, and writing in parallel measured no faster there.
 */
async function recordAll<T>(items: readonly T[], record: (item: T) => Promise<RecordOutcome>): Promise<number> {
  let written = 0;
  for (const item of items) if ((await record(item)).outcome !== "unchanged") written += 1;
  return written;
}

export async function storeDemoDeliveries(ctx: Ctx, now: Date): Promise<DemoDeliveriesResult> {
  authorize(ctx, "demo:load");
  return withSpan("storeDemoDeliveries", {}, async () => {
    const { deployments, pullRequests, incidents } = demoDeliveries(now);
    // Deployments first: each PR then finds its commits' first deployments already known.
    let written = await recordAll(deployments, (d) => recordDeployment(ctx, d));
    written += await recordAll(pullRequests, (pr) => recordPullRequest(ctx, pr));
    written += await recordAll(incidents, (i) => recordIncident(ctx, i));
    return { deployments: deployments.length, pullRequests: pullRequests.length, incidents: incidents.length, written };
  });
}
