import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { importStateFile } from "@/collectors/iac/import-state-file";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { getCompliance } from "@/lib/policy/get-compliance";
import { uniqueName } from "@/test/factories";
import { bearerKey, callHandler, callRoute, sessionCookie } from "@/test/http-callers";
import { PATCH } from "./[id]/route";

// Switching a built-in rule (admin, audited) and the report an auditor exports.

const ctx = systemCtx("test");
const STATE = readFileSync("lib/policy/fixtures/driftctl-aws_lb_listener.tfstate", "utf8");

async function importSample() {
  const state = { ...JSON.parse(STATE), lineage: uniqueName("lineage") };
  return importStateFile(ctx, { name: "rules.tfstate", text: JSON.stringify(state) });
}

const patch = async (role: "admin" | "finops", id: string, body: string) =>
  callHandler(
    PATCH,
    `/api/v1/policy/rules/${id}`,
    { method: "PATCH", headers: { cookie: await sessionCookie(role), "content-type": "application/json" }, body },
    { id },
  );

const statusOf = async (stateId: string, ruleId: string) =>
  (
    await pool().query("SELECT status FROM policy_finding WHERE source_key = $1 AND rule_id = $2", [
      `state:${stateId}`,
      ruleId,
    ])
  ).rows[0]?.status;

describe("policy rules and the compliance report (PostgreSQL)", () => {
  afterAll(async () => {
    await pool().query("DELETE FROM policy_rule_setting WHERE rule_id = 'required-tags'");
    await closeDb();
  });

  it("an admin switches a rule off (audited) and its findings resolve; on again, they reopen", async () => {
    const { stateId } = await importSample();
    expect(await statusOf(stateId, "required-tags")).toBe("open");
    expect((await patch("finops", "required-tags", '{"enabled":false}')).status).toBe(403);
    expect((await patch("admin", "no-such-rule", '{"enabled":false}')).status).toBe(404);
    expect((await patch("admin", "required-tags", '{"enabled":"no"}')).status).toBe(400);
    expect((await patch("admin", "required-tags", '{"enabled":false,"x":1}')).status).toBe(400);
    const off = await patch("admin", "required-tags", '{"enabled":false}');
    expect(off.status).toBe(200);
    expect(await statusOf(stateId, "required-tags")).toBe("resolved");
    const audit = await pool().query(
      "SELECT summary FROM audit_entry WHERE action = 'policy.rule_switch' AND target_id = 'required-tags' ORDER BY seq DESC LIMIT 1",
    );
    expect(audit.rows[0].summary).toEqual({ before: true, after: false });
    const rules = await callRoute(
      { method: "GET", route: "/api/v1/policy/rules" },
      { headers: { authorization: await bearerKey(["read"]) } },
    );
    const listed = (await rules.json()) as { rules: { id: string; enabled: boolean }[] };
    expect(listed.rules.find((rule) => rule.id === "required-tags")?.enabled).toBe(false);
    await patch("admin", "required-tags", '{"enabled":true}');
    expect(await statusOf(stateId, "required-tags")).toBe("open");
  });

  it("counts controls per environment and exports a CSV anchored to the audit head it appended", async () => {
    await importSample();
    const compliance = await getCompliance(ctx);
    const tls = compliance.controls.find((row) => row.control === "PCI DSS 4.2.1" && row.environment === "");
    expect(tls?.failed).toBeGreaterThan(0);
    expect(tls?.passed).toBe((tls?.checked ?? 0) - (tls?.failed ?? 0) - (tls?.waived ?? 0));
    expect(compliance.trend).toHaveLength(30);
    expect(compliance.trend.at(-1)?.failed).toBeGreaterThan(0);
    const response = await callRoute(
      { method: "GET", route: "/api/v1/policy/report" },
      { headers: { authorization: await bearerKey(["read"]) } },
    );
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const csv = await response.text();
    const head = await pool().query(
      "SELECT seq::text AS seq, hash FROM audit_entry WHERE action = 'policy.export_report' ORDER BY seq DESC LIMIT 1",
    );
    expect(csv.split("\r\n")[1]).toContain(`,${head.rows[0].seq},${head.rows[0].hash},`);
    expect(csv).toContain("control,environment,checked,passed,failed,waived");
  });
});
