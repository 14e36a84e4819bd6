import { afterAll, describe, expect, it } from "vitest";
import { costSummary } from "@/lib/attribution/cost-summary";
import { systemCtx } from "@/lib/context";
import { recordCostLines } from "@/test/factories";
import { closeDb, pool } from "@/lib/db";
import { addDays, utcDay } from "@/lib/time";
import { costLine, uniqueName } from "@/test/factories";
import { IncompleteRun } from "./incomplete-run";
import type { JobDefinition } from "./registry";
import { runJob, runWorker } from "./run-worker";

afterAll(closeDb);

describe("worker (PostgreSQL job queue)", () => {
  it("runs the cost allocation from the queue when it starts", async () => {
    const service = uniqueName("queued");
    const today = utcDay(new Date());
    const yesterday = addDays(today, -1);
    await recordCostLines(systemCtx("test"), {
      source: uniqueName("worker-test"),
      lines: [costLine(yesterday, { billedCost: "42.5", tags: { service, env: "prod" } })],
    });
    const lines: string[] = [];
    const worker = await runWorker((line) => lines.push(line));
    try {
      const window = { from: yesterday, to: today, groupBy: "appService", metric: "billed", limit: 1000 } as const;
      const billed = async () =>
        (await costSummary(systemCtx("test"), window)).find((row) => row.key === service)?.cost;
      await expect.poll(billed, { timeout: 20_000, interval: 250 }).toBe("42.5");
      await expect.poll(() => lines.some((line) => line.startsWith("allocate-costs done"))).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});

describe("a job run", () => {
  const job = (name: string, run: JobDefinition["run"]): JobDefinition => ({
    name,
    cron: "* * * * *",
    description: "test job",
    runAtStart: false,
    run,
  });
  const stateOf = async (name: string) =>
    (await pool().query("SELECT * FROM job_state WHERE name = $1", [name])).rows[0];

  it("records each failure with its error in job_state and logs it, then clears the count on success", async () => {
    const name = uniqueName("flaky-job");
    const lines: string[] = [];
    const failing = job(name, async () => {
      throw Object.assign(new Error("integer out of range"), { code: "22003" });
    });
    await expect(runJob(failing, (line) => lines.push(line))).rejects.toThrow("integer out of range");
    await expect(runJob(failing, (line) => lines.push(line))).rejects.toThrow("integer out of range");
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^${name} failed after \\d+ ms \\(1 in a row\\): integer out of range \\(22003\\)$`),
      ),
      expect.stringMatching(
        new RegExp(`^${name} failed after \\d+ ms \\(2 in a row\\): integer out of range \\(22003\\)$`),
      ),
    ]);
    const failed = await stateOf(name);
    expect(failed).toMatchObject({
      consecutive_failures: 2,
      last_error: "integer out of range (22003)",
      last_success_at: null,
    });
    expect(failed.last_error_at).toBeInstanceOf(Date);
    expect(failed.last_started_at).toBeInstanceOf(Date);

    await runJob(
      job(name, async () => ({ rows: 3 })),
      (line) => lines.push(line),
    );
    expect(lines[2]).toMatch(new RegExp(`^${name} done in \\d+ ms$`));
    expect(await stateOf(name)).toMatchObject({
      consecutive_failures: 0,
      last_error: "integer out of range (22003)",
      detail: { rows: 3 },
    });
  });

  it("records a run that committed but left work undone as failed, with its detail, without a retry", async () => {
    const name = uniqueName("partial-job");
    const lines: string[] = [];
    await runJob(
      job(name, async () => {
        throw new IncompleteRun("could not build 1 minute(s)", { skipped: ["12:00"] });
      }),
      (line) => lines.push(line),
    );
    expect(lines).toEqual([
      expect.stringMatching(/failed after \d+ ms \(1 in a row\): could not build 1 minute\(s\)$/),
    ]);
    expect(await stateOf(name)).toMatchObject({ consecutive_failures: 1, detail: { skipped: ["12:00"] } });
  });
});
