import type { Ctx } from "../context";
import { allocateRecent, REALLOCATION_DAYS } from "../attribution/allocate-recent";
import { evaluateBudgets } from "../attribution/evaluate-budgets";
import { scanDropFolder } from "../costs/drop-folder";
import { detectDeploys } from "../delivery/detect-deploys";
import { drainDeliveryInbox } from "../delivery/drain-delivery-inbox";
import { applySloDir } from "../slo/apply-slo-dir";
import { evaluateSlos } from "../slo/evaluate-slos";
import { failInterruptedImports } from "../costs/interrupted-imports";
import { drainDeliveries } from "../notifications/drain-deliveries";
import { deleteOldMetricPoints } from "../metrics/delete-old-metric-points";
import { maintainSpanPartitions, PARTITIONS_AHEAD } from "../traces/maintain-partitions";
import { LATE_ARRIVAL_MINUTES, readRolledUntil, rollupSpans } from "../traces/rollup-spans";
import { compactDueSpans } from "../traces/compact-spans";
import { scanIfDue } from "../zombies/scan-if-due";
import { expireWaivers } from "../policy/expire-waivers";
import { scanAnomalies } from "../anomalies/scan-anomalies";
import { failStuckRuns, STUCK_AFTER_MS } from "../runbooks/fail-stuck-runs";
import { notifyCapacity } from "../forecasts/notify-capacity";
import { reevaluateStates } from "../policy/reevaluate-states";
import { openPullRequestsJob } from "../proposals/github/pull-request-job";
import { IncompleteRun } from "./incomplete-run";

export interface JobDefinition {
  name: string;
  /** Cron in UTC. */
  cron: string;
  description: string;
  /** Also run once when a worker starts, so a fresh install does not wait for the first tick. */
  runAtStart: boolean;
  /** `signal` is aborted when the worker stops: a job that loops ends early. */
  run(ctx: Ctx, signal?: AbortSignal): Promise<unknown>;
  /** What goes stale on screen when this job fails or falls behind; /api/health reports it. */
  feeds?: string;
  /** For a job whose data has a frontier: how far it is complete, and the lag that makes it late. */
  progress?: { label: string; completeUntil(): Promise<Date | null>; lateAfterMinutes: number };
}

/** Span rollups further behind than this make /api/health say degraded. */
const ROLLUP_LATE_AFTER_MINUTES = 5;

export const JOBS: JobDefinition[] = [
  {
    name: "import-billing-drops",
    cron: "* * * * *",
    description:
      "Imports billing files dropped into the watched folder (one subfolder per format); marks imports whose process stopped as failed",
    runAtStart: true,
    feeds: "imported billing data",
    run: async (ctx) => ({ interrupted: await failInterruptedImports(ctx), ...(await scanDropFolder(ctx)) }),
  },
  {
    name: "allocate-costs",
    cron: "*/5 * * * *",
    description: `Allocates spend to features, teams and environments for the last ${REALLOCATION_DAYS} days (imports allocate their own days when they commit; this retries those that failed), then checks budgets`,
    runAtStart: true,
    feeds: "feature and team costs and budgets",
    run: async (ctx) => {
      const recent = await allocateRecent(ctx);
      const result = { ...recent, budgets: await evaluateBudgets(ctx) };
      const { failed } = recent.imports;
      // The rest is allocated and budgets checked; the imports' own errors are on the Imports page.
      if (failed.length)
        throw new IncompleteRun(`could not allocate ${failed.length} import(s): ${failed[0]}...`, result);
      const { unnotified } = result.budgets;
      if (unnotified.length)
        throw new IncompleteRun(`could not queue ${unnotified.length} budget notice(s): ${unnotified[0]}`, result);
      return result;
    },
  },
  {
    name: "maintain-span-partitions",
    cron: "7 * * * *",
    description: `Creates span partitions ${PARTITIONS_AHEAD} days ahead and drops those past the trace retention`,
    runAtStart: true,
    run: (ctx) => maintainSpanPartitions(ctx),
  },
  {
    name: "compact-spans",
    cron: "*/5 * * * *",
    description:
      "Moves spans older than VIGIL_SPAN_COMPACT_AFTER_HOURS, once rolled up, from rows into compressed blocks; truncates days left without rows",
    runAtStart: true,
    feeds: "trace storage size",
    run: (ctx, signal) => compactDueSpans(ctx, signal),
  },
  {
    name: "delete-old-metric-points",
    cron: "17 * * * *",
    description: "Deletes OTLP metric points older than VIGIL_METRICS_RETENTION_DAYS, in chunks, and series left empty",
    runAtStart: true,
    run: (ctx, signal) => deleteOldMetricPoints(ctx, { signal }),
  },
  {
    name: "rollup-spans",
    cron: "* * * * *",
    description: `Per-minute service RED and edges from spans, redoing the last ${LATE_ARRIVAL_MINUTES} minutes and the older minutes noted late`,
    runAtStart: true,
    feeds: "services, RED, the service map and the trace-based cost split",
    progress: { label: "span rollups", completeUntil: readRolledUntil, lateAfterMinutes: ROLLUP_LATE_AFTER_MINUTES },
    run: async (ctx) => {
      const result = await rollupSpans(ctx);
      if (result.skipped.length === 0) return result;
      const [first] = result.skipped;
      // The first minutes name the problem; a day of them would not fit job_state.detail.
      const detail = { ...result, skipped: result.skipped.slice(0, 20), skippedMinutes: result.skipped.length };
      throw new IncompleteRun(
        `could not build ${result.skipped.length} minute(s) and moved past them; first ${first.minute}: ${first.error}`,
        detail,
      );
    },
  },
  {
    name: "apply-slo-dir",
    cron: "* * * * *",
    description:
      "Applies the SLO specs of VIGIL_SLO_DIR (OpenSLO, Sloth) when a file in it changed; unset: nothing to do",
    runAtStart: true,
    feeds: "SLOs defined as code",
    run: async (ctx) => {
      const run = await applySloDir(ctx);
      const errors = run.plan.findings.filter((f) => f.severity === "error");
      if (errors.length === 0) return run;
      const [f] = errors;
      throw new IncompleteRun(
        `${errors.length} SLO spec finding(s); first ${f.file} line ${f.line} ${f.field}: ${f.message}`,
        run,
      );
    },
  },
  {
    name: "evaluate-slos",
    cron: "* * * * *",
    description:
      "Evaluates every SLO over the rollups' complete minutes: error budget, burn rates, and the multi-window burn-rate alerts",
    runAtStart: true,
    feeds: "SLO status, error budgets and alerts",
    run: async (ctx) => {
      const run = await evaluateSlos(ctx);
      const result = { ...run, transitions: run.transitions.map(({ evaluation: _, ...t }) => t) };
      if (run.failed.length === 0) return result;
      const [first] = run.failed;
      throw new IncompleteRun(
        `could not evaluate ${run.failed.length} SLO(s); first ${first.slo}: ${first.error}`,
        result,
      );
    },
  },

  {
    name: "scan-zombies",
    cron: "* * * * *",
    description:
      "Finds idle resources (zombies) when an import landed since the last scan, and at least hourly: runs every rule, verifies approved teardowns, notifies owners of new findings",
    runAtStart: true,
    feeds: "zombie findings and savings",
    run: async (ctx) => {
      const result = await scanIfDue(ctx);
      if (!("problems" in result) || result.problems.length === 0) return result;
      throw new IncompleteRun(`${result.problems.length} problem(s); first: ${result.problems[0]}`, result);
    },
  },
  {
    name: "policy-waivers",
    cron: "*/15 * * * *",
    description:
      "Reopens policy findings whose waiver ended, then evaluates the imported states again under the rules in force (VIGIL_POLICY_DIR may have changed)",
    runAtStart: true,
    feeds: "policy findings and the compliance trend",
    run: async (ctx) => ({ waivers: await expireWaivers(ctx), states: await reevaluateStates(ctx) }),
  },
  {
    name: "scan-anomalies",
    cron: "*/5 * * * *",
    description:
      "Scores every service's request rate, error rate and p95, and each service's and feature's daily cost when the allocation changed, against their seasonal baselines; stores episodes with what changed before them, and notifies the channels",
    runAtStart: true,
    feeds: "anomalies",
    run: async (ctx) => {
      const result = await scanAnomalies(ctx);
      const failures = [
        ...result.failures,
        ...(result.noticeFailures ?? []).map((f) => ({ what: `notice for ${f.id}`, error: f.error })),
      ];
      if (failures.length === 0) return result;
      // The rest of the scan went on; the first problems name what and why (job_state.detail is small).
      const detail = { ...result, failures: failures.slice(0, 20) };
      throw new IncompleteRun(`${failures.length} problem(s); first ${failures[0].what}: ${failures[0].error}`, detail);
    },
  },
  {
    name: "fail-stuck-runbook-runs",
    cron: "*/5 * * * *",
    description: `Fails runbook runs still running ${STUCK_AFTER_MS / 1000} s after approval (the process making the call stopped): their answer will never be recorded`,
    runAtStart: true,
    feeds: "runbook run states",
    run: (ctx) => failStuckRuns(ctx),
  },
  {
    name: "forecast-capacity",
    cron: "23 * * * *",
    description:
      "Forecasts every service's hourly requests 14 days ahead and notices, once a day each, those expected past their 30-day high by the configured margin",
    runAtStart: false,
    feeds: "capacity notices",
    run: async (ctx) => {
      const result = await notifyCapacity(ctx);
      if (!result.failures.length) return result;
      throw new IncompleteRun(
        `could not queue ${result.failures.length} capacity notice(s): ${result.failures[0]}`,
        result,
      );
    },
  },
  {
    name: "detect-deploys",
    cron: "* * * * *",
    description:
      "Records a deployment when a service's spans carry a new service.version (or deployment.id) in an environment, unless a webhook reported it",
    runAtStart: true,
    feeds: "deployments detected from telemetry",
    run: (ctx) => detectDeploys(ctx),
  },
  {
    name: "store-delivery-events",
    cron: "* * * * *",
    description:
      "Stores the delivery events webhooks queued with Prefer: respond-async, oldest first and many at a time, looking again every second through the minute",
    runAtStart: true,
    feeds: "deployments and incidents sent with Prefer: respond-async",
    run: (ctx, signal) => drainDeliveryInbox(ctx, { signal }),
  },
  {
    name: "deliver-notifications",
    cron: "* * * * *",
    description:
      "Sends queued alert notifications to their channels (webhook, Slack, PagerDuty, e-mail), looking again every 2 s through the minute; failures are retried after 30 s, 2 min, 10 min, 30 min and 2 h, then given up",
    runAtStart: true,
    feeds: "alert notifications",
    run: (ctx, signal) => drainDeliveries(ctx, { signal }),
  },
  openPullRequestsJob,
];
