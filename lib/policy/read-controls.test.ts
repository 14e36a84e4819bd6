import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { env } from "@/lib/env";
import { uniqueName } from "@/test/factories";
import { teamRuleFile, writeSettled } from "@/test/policy-rule-files";
import { allRules } from "./active-rules";
import { readControls } from "./read-controls";

// The controls a team rule maps to come from its file as it is now: the rules are cached between
// reads, and an edited rule file changes the controls on the next read (real PostgreSQL).

// Before any module reads the environment (it is read once).
await vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  process.env.VIGIL_POLICY_DIR = mkdtempSync(join(tmpdir(), "vigil-read-controls-"));
});
afterAll(closeDb);

const rulePath = () => path.join(env().VIGIL_POLICY_DIR!, "team.yaml");

async function checked(ruleId: string, environment: string, count: number) {
  const state = await pool().query<{ id: string }>(
    `INSERT INTO terraform_state (id, name, lineage, serial, resources, imported_by)
     VALUES (gen_random_uuid(), $1, $1, 1, 1, 'test') RETURNING id`,
    [uniqueName("state")],
  );
  await pool().query("INSERT INTO policy_check (state_id, rule_id, environment, checked) VALUES ($1, $2, $3, $4)", [
    state.rows[0].id,
    ruleId,
    environment,
    count,
  ]);
}

const controlsIn = async (environment: string) =>
  (await readControls(pool()))
    .filter((row) => row.environment === environment)
    .map((row) => [row.control, row.checked]);

describe("readControls with a team rule folder (PostgreSQL)", () => {
  it("a changed rule file is picked up after the cache was filled", async () => {
    const ruleId = uniqueName("team-rule");
    const environment = uniqueName("env");
    await checked(ruleId, environment, 3);
    writeSettled(rulePath(), teamRuleFile(ruleId, "TEAM 1"), 3_600_000);
    expect(await controlsIn(environment)).toEqual([["TEAM 1", 3]]);
    // Filled: the same compiled rule comes back.
    const cachedRule = (await allRules()).rules.find((rule) => rule.rule.id === ruleId);
    expect((await allRules()).rules.find((rule) => rule.rule.id === ruleId)).toBe(cachedRule);
    expect(await controlsIn(environment)).toEqual([["TEAM 1", 3]]);

    writeSettled(rulePath(), teamRuleFile(ruleId, "TEAM 2"), 1_800_000);
    expect(await controlsIn(environment)).toEqual([["TEAM 2", 3]]);
    expect((await allRules()).rules.find((rule) => rule.rule.id === ruleId)?.rule.controls).toEqual(["TEAM 2"]);
  });
});
