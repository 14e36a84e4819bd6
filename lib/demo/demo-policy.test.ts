import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { importTerraformState } from "@/lib/costs/import-terraform-state";
import { closeDb, pool } from "@/lib/db";
import { loadDemoPolicy } from "./demo-policy";
import { demoTerraformState } from "./demo-state";

describe("loadDemoPolicy (PostgreSQL)", () => {
  afterAll(closeDb);

  it("leaves a handful of findings on the demo state and one waiver, the same when repeated", async () => {
    const ctx = systemCtx("test");
    const { stateId } = await importTerraformState(ctx, {
      name: "vigil-demo.tfstate",
      read: async () => demoTerraformState(),
    });
    await loadDemoPolicy(ctx, stateId);
    await loadDemoPolicy(ctx, stateId);
    const { rows } = await pool().query<{ rule_id: string; status: string }>(
      "SELECT rule_id, status FROM policy_finding WHERE source_key = $1 AND status <> 'resolved' ORDER BY rule_id",
      [`state:${stateId}`],
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.length).toBeLessThanOrEqual(10);
    expect(rows.filter((row) => row.status === "waived").map((row) => row.rule_id)).toEqual(["s3-access-logging"]);
    expect(rows.map((row) => row.rule_id)).toContain("backup-retention");
  });
});
