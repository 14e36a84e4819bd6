import { describe, expect, it } from "vitest";
import { roleCtx } from "@/test/factories";
import { cronIntervalMinutes, type JobStateRow, jobStatusOf } from "./job-status";
import { listJobStatus } from "./list-job-status";
import { EXTERNAL_JOBS } from "./external-jobs";
import { type JobDefinition, JOBS } from "./registry";

const now = new Date("2026-12-06T12:00:00Z");
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const job = (overrides: Partial<JobDefinition> = {}): JobDefinition => ({
  name: "j",
  cron: "*/5 * * * *",
  description: "",
  runAtStart: false,
  run: async () => null,
  ...overrides,
});
const row = (overrides: Partial<JobStateRow> = {}): JobStateRow => ({
  name: "j",
  last_started_at: minutesAgo(1),
  last_success_at: minutesAgo(1),
  last_error_at: null,
  last_error: null,
  consecutive_failures: 0,
  detail: null,
  ...overrides,
});

describe("job status", () => {
  it("reads the interval of the registry's cron forms", () => {
    expect(
      ["* * * * *", "*/5 * * * *", "*/15 * * * *", "7 * * * *", "0 */6 * * *", "0 3 * * *", "0 0 * * 1"].map(
        cronIntervalMinutes,
      ),
    ).toEqual([1, 5, 15, 60, 360, 1440, 1440]);
  });

  it("is late after two missed runs and five minutes, failing after a failed run, pending before any success", () => {
    expect(jobStatusOf(job(), row({ last_success_at: minutesAgo(15) }), null, now)).toMatchObject({
      status: "ok",
      lagSeconds: 900,
      lateAfterSeconds: 900,
    });
    expect(jobStatusOf(job(), row({ last_success_at: minutesAgo(16) }), null, now)).toMatchObject({
      status: "late",
      lagSeconds: 960,
    });
    expect(
      jobStatusOf(job(), row({ consecutive_failures: 1, last_error: "boom", last_error_at: minutesAgo(1) }), null, now),
    ).toMatchObject({ status: "failing", lastError: "boom" });
    expect(jobStatusOf(job(), undefined, null, now)).toMatchObject({
      status: "pending",
      lagSeconds: null,
      lastSuccessAt: null,
    });
  });

  it("measures a rollup's lag from how far its data is complete, not from its last run", () => {
    const rollup = job({
      cron: "* * * * *",
      progress: { label: "span rollups", completeUntil: async () => null, lateAfterMinutes: 5 },
    });
    expect(jobStatusOf(rollup, row(), minutesAgo(6), now)).toMatchObject({
      status: "late",
      lagSeconds: 360,
      completeUntil: minutesAgo(6).toISOString(),
      progressLabel: "span rollups",
    });
    expect(jobStatusOf(rollup, row(), minutesAgo(4), now)).toMatchObject({ status: "ok", lagSeconds: 240 });
  });

  it("are listed for admins only, one per registered job", async () => {
    for (const role of ["viewer", "sre", "finops"] as const)
      await expect(listJobStatus(roleCtx(role))).rejects.toThrow(/permission/);
    const jobs = await listJobStatus(roleCtx("admin"));
    expect(jobs.map((status) => status.name)).toEqual([...JOBS, ...EXTERNAL_JOBS].map((definition) => definition.name));
    expect(jobs.map((status) => status.name)).toContain("propose-agent");
  });
});
