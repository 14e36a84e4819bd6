import { authorize, type Ctx } from "../context";
import { pool, sqlTransaction } from "../db";
import { withSpan } from "../telemetry";
import { readCloudResources } from "../cloud-inventory/read-cloud-resources";
import { assembleEvidence, type CloudSource } from "./assemble-evidence";
import { detectedFinding } from "./detected-finding";
import type { Evidence } from "./evidence";
import { loadActivity, loadManaged, loadServiceTeams } from "./load-activity";
import { type BillEnd, loadBillEnds, loadBilling, loadCommitments } from "./load-billing";
import { loadMetrics } from "./load-metrics";
import { notifyOwners } from "./notify-owners";
import { offHoursProposals } from "./offhours-proposals";
import { findZombies } from "./rules/all-rules";
import { RULE_IDS } from "./rules/finding";
import { type DetectedFinding, storeFindings } from "./store-findings";
import { storeOffHours } from "./store-offhours";
import type { Thresholds } from "./thresholds";
import { readThresholds } from "./zombie-settings";

// One scan: load every source's evidence for the last 31 days, run every rule on every resource,
// store the findings (new, refreshed, cleared, verified) and the off-hours proposals for the
// non-production compute that is no finding, and notify the owners of new findings.

/** Days of evidence a scan reads: 30 (the savings) or the longest configured window, and today. */
function scanDays(t: Thresholds): number {
  const windows = [
    30,
    t.idleCompute.windowDays,
    t.idleCompute.custodian?.days ?? 0,
    t.noTrafficDays,
    t.idleEnvironmentDays,
    t.idleLoadBalancer.days,
    t.idleDatabaseDays,
    t.unusedCommitment.days,
  ];
  return Math.max(...windows) + 1;
}

async function loadCloud(ctx: Ctx): Promise<CloudSource[]> {
  const all: CloudSource[] = [];
  let after: string | undefined;
  do {
    const page = await readCloudResources(ctx, { limit: 10_000, after });
    all.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return all;
}

export async function loadEvidence(
  ctx: Ctx,
  from: Date,
  now: Date,
): Promise<{ evidence: Evidence[]; inventoried: Set<string>; billEnds: Map<string, BillEnd> }> {
  const client = pool();
  const [cloud, managed, billed, commitments, activity, serviceTeams, metrics] = await Promise.all([
    loadCloud(ctx),
    loadManaged(client),
    loadBilling(client, from, now),
    loadCommitments(client, from, now),
    loadActivity(client, from, now),
    loadServiceTeams(client),
    loadMetrics(ctx, from, now),
  ]);
  const billEnds = await loadBillEnds(client, billed, from);
  return { ...assembleEvidence({ cloud, managed, billed, commitments, activity, serviceTeams, metrics }), billEnds };
}

function detect(evidence: readonly Evidence[], thresholds: Thresholds, now: Date): DetectedFinding[] {
  const found: DetectedFinding[] = [];
  for (const item of evidence)
    for (const finding of findZombies(item, thresholds, now))
      found.push(detectedFinding(finding, item, thresholds, now));
  return found;
}

export interface ScanResult {
  resources: number;
  found: number;
  new: number;
  cleared: number;
  woke: number;
  verified: number;
  notified: number;
  /** Off-hours proposals: running non-production compute that is no finding. */
  offHours: number;
  problems: string[];
}

export async function scanZombies(ctx: Ctx, now = new Date()): Promise<ScanResult> {
  authorize(ctx, "costs:manage");
  return withSpan("scanZombies", {}, async () => {
    const { thresholds, problem } = await readThresholds();
    const days = scanDays(thresholds);
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days));
    const { evidence, inventoried, billEnds } = await loadEvidence(ctx, from, now);
    const detected = detect(evidence, thresholds, now);
    const presence = { present: inventoried, billEnds };
    const offHours = offHoursProposals(evidence, new Set(detected.map((f) => f.resourceKey)), thresholds, now);
    const stored = await sqlTransaction(async (client) => {
      const findings = await storeFindings(client, detected, RULE_IDS, presence, now);
      await storeOffHours(client, offHours, now);
      return findings;
    });
    const notices = await notifyOwners(ctx, now);
    return {
      resources: evidence.length,
      ...stored,
      notified: notices.notified,
      offHours: offHours.length,
      problems: [...(problem ? [problem] : []), ...notices.failed],
    };
  });
}
