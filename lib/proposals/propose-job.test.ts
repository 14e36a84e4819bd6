import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { runJob } from "@/lib/jobs/run-worker";
import { privateDatabaseForFile } from "@/test/private-database";
import type { ProposalRunner } from "./generate-proposals";
import { proposalsDue, proposeJob } from "./propose-job";

// The job runs its first round at once, then hourly, and after a zombie scan no sooner than ten
// minutes after the last round; it runs the runner it was given.

privateDatabaseForFile("proposals_job");
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe("the propose-agent job", () => {
  it("is due at first, then hourly or after a scan, and records its runs", async () => {
    expect(await proposalsDue(new Date())).toBe(true);
    let calls = 0;
    const runner: ProposalRunner = async () => {
      calls += 1;
      return { source: "rule-based" };
    };
    const job = proposeJob(runner);
    await runJob(job, () => {});
    expect(calls).toBe(1);
    const { rows } = await pool().query("SELECT detail FROM job_state WHERE name = 'propose-agent'");
    expect(rows[0].detail).toMatchObject({ source: "rule-based", stored: 0 });
    expect(await proposalsDue(minutes(5))).toBe(false);
    expect(await proposalsDue(minutes(61))).toBe(true);
    await pool().query(
      `INSERT INTO zombie_scan (id, scanned_at, watermark, result) VALUES (1, $1, NULL, '{}')
       ON CONFLICT (id) DO UPDATE SET scanned_at = excluded.scanned_at`,
      [minutes(1)],
    );
    expect(await proposalsDue(minutes(5))).toBe(false);
    expect(await proposalsDue(minutes(11))).toBe(true);
    await runJob(job, () => {});
    expect(calls).toBe(1);
    const skipped = await pool().query("SELECT detail FROM job_state WHERE name = 'propose-agent'");
    expect(skipped.rows[0].detail).toEqual({ skipped: "not due" });
  });
});
