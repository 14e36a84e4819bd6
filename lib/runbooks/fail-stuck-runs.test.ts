import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { privateDatabaseForFile } from "@/test/private-database";
import { auditOf, insertAnomaly, runbookInput } from "@/test/runbooks";
import { createRunbook } from "./create-runbook";
import { failStuckRuns, STUCK_AFTER_MS, STUCK_ERROR } from "./fail-stuck-runs";
import { RUN_TIMEOUT_MS } from "./send-run-request";

// The sweep for runs a stopped worker left running: failed once they are past the send timeout and a
// margin, with an error that does not pretend to know whether the call arrived; younger runs, runs in
// other states and runs a live process holds are left alone. A database of its own: a sweep judges
// every run, and would fail other files' runs that are mid-call.

privateDatabaseForFile("runbook_sweep");
const system = roleCtx("admin");

/** A run of the runbook for a new anomaly, in `state`, approved `ageMs` before `now`. */
async function runIn(state: string, now: Date, ageMs: number) {
  const service = uniqueName("svc");
  const anomaly = await insertAnomaly(service, "staging");
  const runbook = await createRunbook(
    system,
    runbookInput("https://automation.example.com/x", { services: [service] }),
  );
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO runbook_run (runbook_id, runbook_name, runbook_version, anomaly_id, environment, state, request,
       proposed_by, proposed_by_id, decided_by, decided_at)
     VALUES ($1, $2, 1, $3, 'staging', $4, '{}', 'ana', 'user-ana', 'ben', $5) RETURNING id`,
    [runbook.id, runbook.name, anomaly, state, new Date(now.getTime() - ageMs)],
  );
  return rows[0].id;
}

const stateOf = async (id: string) =>
  (await pool().query("SELECT state, error, finished_at FROM runbook_run WHERE id = $1", [id])).rows[0];

describe("the sweep for stuck runs", () => {
  it("fails runs running past the limit, audited, and leaves the rest", async () => {
    const now = new Date();
    const stuck = await runIn("running", now, STUCK_AFTER_MS + 1_000);
    // Past the send timeout but within the margin: a slow database may still be recording its answer.
    const young = await runIn("running", now, RUN_TIMEOUT_MS + 30_000);
    const waiting = await runIn("awaiting_approval", now, STUCK_AFTER_MS * 10);
    const done = await runIn("succeeded", now, STUCK_AFTER_MS * 10);
    const swept = await failStuckRuns(system, now);
    expect(swept.failed).toEqual([stuck]);
    expect(await stateOf(stuck)).toMatchObject({ state: "failed", error: STUCK_ERROR });
    expect((await stateOf(stuck)).finished_at).toBeInstanceOf(Date);
    for (const id of [young, waiting]) expect((await stateOf(id)).error).toBeNull();
    expect((await stateOf(young)).state).toBe("running");
    expect((await stateOf(waiting)).state).toBe("awaiting_approval");
    expect((await stateOf(done)).state).toBe("succeeded");
    const audit = await auditOf("runbook_run", stuck);
    expect(audit).toHaveLength(1);
    expect(audit[0].action).toBe("runbook_run.fail_stuck");
    expect(JSON.parse(audit[0].summary)).toMatchObject({
      state: { from: "running", to: "failed" },
      error: STUCK_ERROR,
    });
    // A second sweep finds nothing: the failed run is not failed (or audited) twice.
    expect((await failStuckRuns(system, now)).failed).toEqual([]);
    expect(await auditOf("runbook_run", stuck)).toHaveLength(1);
  });

  it("skips a run a live process holds, without waiting for it", async () => {
    const now = new Date();
    const held = await runIn("running", now, STUCK_AFTER_MS * 2);
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT 1 FROM runbook_run WHERE id = $1 FOR UPDATE", [held]);
      const started = Date.now();
      expect((await failStuckRuns(system, now)).failed).toEqual([]);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
    expect((await failStuckRuns(system, now)).failed).toEqual([held]);
  });

  it("is refused to a viewer", async () => {
    await expect(failStuckRuns(roleCtx("viewer"))).rejects.toMatchObject({ code: "forbidden" });
  });
});
