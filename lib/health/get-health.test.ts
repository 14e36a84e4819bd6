import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { type JobStatus, jobStatusOf } from "@/lib/jobs/job-status";
import { JOBS } from "@/lib/jobs/registry";
import { runJob } from "@/lib/jobs/run-worker";
import { usePrivateDatabase } from "@/test/private-database";
import { degradedReason, getHealth, WORKER_GRACE_SECONDS } from "./get-health";

// Health reads the one rollup state and every job's state, so this file has a database of its own.
beforeAll(async () => {
  await usePrivateDatabase("health");
}, 60_000);

afterAll(async () => {
  await closeDb();
});

const rollupJob = JOBS.find((job) => job.name === "rollup-spans")!;
const now = new Date();
const never = (job = rollupJob): JobStatus => jobStatusOf(job, undefined, null, now);

describe("/api/health", () => {
  it("is ok on a fresh install before the worker ran, and degraded once span rollups fall 5 minutes behind", async () => {
    expect(await getHealth()).toEqual({ status: "ok", database: "external" });

    await runJob(rollupJob, () => {});
    expect(await getHealth()).toEqual({ status: "ok", database: "external" });

    await pool().query("UPDATE span_rollup_state SET rolled_until = now() - interval '20 minutes'");
    const health = await getHealth();
    expect(health).toMatchObject({ status: "degraded", database: "external" });
    expect(health.reason).toMatch(
      /^span rollups are 20 minutes behind \(complete until .*\): services, RED, the service map and the trace-based cost split are stale$/,
    );

    await runJob(rollupJob, () => {});
    expect(await getHealth()).toEqual({ status: "ok", database: "external" });
  });

  it("names a job that feeds the screens once it failed its last runs, but not a single failure or a job that feeds none", () => {
    const failing = (failures: number, job = rollupJob) => ({
      ...never(job),
      lastStartedAt: now.toISOString(),
      consecutiveFailures: failures,
      status: "failing" as const,
    });
    expect(degradedReason([failing(1)], 0)).toBeNull();
    expect(degradedReason([failing(3)], 0)).toBe(
      "rollup-spans has failed its last 3 runs: services, RED, the service map and the trace-based cost split may be stale",
    );
    // Rollups both failing and behind: both are said, the lag first.
    const behind = { ...failing(2), completeUntil: new Date(now.getTime() - 600_000).toISOString(), lagSeconds: 600 };
    expect(degradedReason([behind], 0)).toMatch(
      /^span rollups are 10 minutes behind .*; rollup-spans has failed its last 2 runs: /,
    );
    const allocate = JOBS.find((job) => job.name === "allocate-costs")!;
    const lateAllocation = {
      ...never(allocate),
      lastStartedAt: now.toISOString(),
      lagSeconds: 20 * 60,
      status: "late" as const,
    };
    expect(degradedReason([lateAllocation], 0)).toBe(
      "allocate-costs last succeeded 20 minutes ago (*/5 * * * *): feature and team costs and budgets may be stale",
    );
    const partitions = JOBS.find((job) => job.name === "maintain-span-partitions")!;
    expect(degradedReason([failing(5, partitions)], 0)).toBeNull();
  });

  it("says no worker is running when no job ran within the grace period after start", () => {
    const jobs = JOBS.map((job) => never(job));
    expect(degradedReason(jobs, WORKER_GRACE_SECONDS - 1)).toBeNull();
    expect(degradedReason(jobs, WORKER_GRACE_SECONDS + 60)).toBe(
      "no worker job has run in the 11 minutes since Vigil started: is the worker running?",
    );
  });
});
