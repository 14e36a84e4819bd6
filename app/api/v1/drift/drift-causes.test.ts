import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import type { DriftView } from "@/lib/drift/drift-records";
import { uniqueName } from "@/test/factories";
import { driftKeys, getDrift, listDrift, postDriftImport } from "@/test/drift-api";

// Causes, cost, masking, replacements and the plan stream through the public API: a deployment in
// the window and a pending change make "unapplied-code", none makes "manual-change"; the bill gives
// the cost before and after; sensitive values never reach the record.

let ingest: string;
let reader: string;
beforeAll(async () => {
  ({ ingest, reader } = await driftKeys());
});
afterAll(closeDb);

const post = (query: string, body: string) => postDriftImport(query, body, { authorization: ingest });

async function items(workspace: string): Promise<DriftView[]> {
  return (await (await listDrift(`workspace=${workspace}`, reader)).json()).items;
}

const change = (address: string, actions: string[], before: unknown, after: unknown, extra = {}) => ({
  address,
  mode: "managed",
  type: address.split(".")[0],
  change: { actions, before, after, ...extra },
});
const plan = (at: string, drift: unknown[], changes: unknown[] = []) =>
  JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.9.0",
    timestamp: at,
    resource_drift: drift,
    resource_changes: changes,
  });

async function deploy(service: string, finishedAt: string) {
  await pool().query(
    `INSERT INTO delivery_deployment (source, external_id, service, environment, result, started_at, finished_at, version, content_hash)
     VALUES ('test', $1, $2, 'PRODUCTION', 'SUCCESS', $3::timestamptz - interval '5 minutes', $3, 'v42', 'h')`,
    [uniqueName("deploy"), service, finishedAt],
  );
}

describe("drift causes and impact (PostgreSQL)", () => {
  it("no deployment in the window: manual change; a deployment and a pending change: unapplied code", async () => {
    const workspace = uniqueName("ws");
    await deploy(workspace, "2026-10-01T09:00:00Z");
    const sg = change("aws_security_group.admin", ["update"], { ingress: [] }, { ingress: [{ cidr: "0.0.0.0/0" }] });
    const web = change("aws_instance.web", ["update"], { ami: "a" }, { ami: "b" });
    const result = await post(
      `format=terraform-show&workspace=${workspace}`,
      plan("2026-10-01T12:00:00Z", [sg, web], [change("aws_instance.web", ["update"], { ami: "b" }, { ami: "c" })]),
    );
    expect(result.body).toMatchObject({ drifted: 2, planned: 1 });
    const byAddress = Object.fromEntries((await items(workspace)).map((item) => [item.address, item]));
    expect(byAddress["aws_instance.web"]).toMatchObject({ cause: "unapplied-code" });
    expect((byAddress["aws_instance.web"].causeEvidence as { deployments: unknown[] }).deployments[0]).toMatchObject({
      service: workspace,
      version: "v42",
    });
    // The deployment does not explain the security group (no change pending there): unknown, with the deployment.
    expect(byAddress["aws_security_group.admin"]).toMatchObject({ cause: "unknown" });

    const quiet = uniqueName("ws");
    await post(`format=terraform-show&workspace=${quiet}`, plan("2026-10-01T12:00:00Z", [sg]));
    const [manual] = await items(quiet);
    expect(manual).toMatchObject({
      cause: "manual-change",
      changes: [{ path: "ingress[0]", before: null, after: { cidr: "0.0.0.0/0" } }],
      // Evaluated (after-values known), and no rule reads this made-up shape: nothing newly broken.
      policyImpact: [],
    });
    expect(manual.causeEvidence.deployments).toEqual([]);
  });

  it("a Terraform version change since the last plan: provider-version", async () => {
    const workspace = uniqueName("ws");
    await post(`format=terraform-show&workspace=${workspace}`, plan("2026-10-01T00:00:00Z", []));
    const next = JSON.parse(
      plan("2026-10-02T00:00:00Z", [change("aws_s3_bucket.b", ["update"], { acl: "private" }, {})]),
    );
    await post(
      `format=terraform-show&workspace=${workspace}`,
      JSON.stringify({ ...next, terraform_version: "1.10.0" }),
    );
    const [item] = await items(workspace);
    expect(item).toMatchObject({
      cause: "provider-version",
      causeEvidence: { previousVersion: "1.9.0", version: "1.10.0" },
    });
  });

  it("cost before and after from the bill, and the changed size called out", async () => {
    const workspace = uniqueName("ws");
    const id = uniqueName("i");
    for (const [day, cost] of [
      ["2026-09-28", "1.25"],
      ["2026-09-30", "1.25"],
      ["2026-10-02", "3.5"],
    ])
      await pool().query(
        `INSERT INTO cost_line (source, provider_name, billing_account_id, charge_category, charge_period_start, charge_period_end,
           billing_currency, billed_cost, effective_cost, list_cost, service_name, resource_id)
         VALUES ('test', 'AWS', 'acct', 'Usage', $1::timestamptz, $1::timestamptz + interval '1 day', 'USD', $2, $2, $2, 'EC2', $3)`,
        [`${day}T00:00:00Z`, cost, id],
      );
    const resized = change(
      "aws_instance.db",
      ["update"],
      { id, instance_type: "m5.large" },
      { id, instance_type: "m5.2xlarge" },
    );
    await post(`format=terraform-show&workspace=${workspace}`, plan("2026-10-01T00:00:00Z", [resized]));
    const [item] = await items(workspace);
    expect(item.costImpact).toEqual({
      resourceId: id,
      sizeChanges: [{ path: "instance_type", before: "m5.large", after: "m5.2xlarge" }],
      // 2.5 over the week before (7 days), 3.5 over the week after.
      daily: [{ currency: "USD", before: "0.357143", after: "0.5" }],
    });
  });

  it("sensitive values are masked; replacements in both orders are replacements", async () => {
    const workspace = uniqueName("ws");
    const secret = change(
      "aws_db_instance.main",
      ["update"],
      { password: "old-secret", port: 5432, tags: { a: "1" } },
      { password: "new-secret", port: 5433, tags: { a: "1" } },
      { before_sensitive: { password: true }, after_sensitive: { password: true } },
    );
    const replaced = [
      change("aws_db_instance.main", ["delete", "create"], { engine: "13" }, { engine: "16" }),
      change("aws_instance.other", ["create", "delete"], { ami: "x" }, { ami: "y" }),
    ];
    const body = plan("2026-10-01T00:00:00Z", [secret], replaced);
    expect(body).toContain("old-secret");
    await post(`format=terraform-show&workspace=${workspace}`, body);
    const [item] = await items(workspace);
    expect(item.changes).toEqual([
      { path: "password", before: "(sensitive)", after: "(sensitive)" },
      { path: "port", before: 5432, after: 5433 },
    ]);
    expect(JSON.stringify(item)).not.toContain('secret"');
    const detail = await getDrift(item.id, reader);
    expect(detail.body.pendingChange).toMatchObject({ actions: ["delete", "create"], replace: true });
    const planned = await pool().query(
      "SELECT address, replace FROM drift_planned WHERE workspace = $1 ORDER BY address",
      [workspace],
    );
    expect(planned.rows).toEqual([
      { address: "aws_db_instance.main", replace: true },
      { address: "aws_instance.other", replace: true },
    ]);
  });

  it("the plan -json stream: drift, deletions and planned changes, its change_summary kept", async () => {
    const workspace = uniqueName("ws");
    const resource = (addr: string) => ({ addr, resource_type: addr.split(".")[0], implied_provider: "aws" });
    const lines = [
      { "@timestamp": "2026-10-05T08:00:00.000000Z", type: "version", terraform: "1.9.0", ui: "1.2" },
      { type: "log", "@message": "Terraform will perform the following actions" },
      { type: "resource_drift", change: { resource: resource("aws_instance.web"), action: "update" } },
      { type: "resource_drift", change: { resource: resource("aws_eip.gone"), action: "delete" } },
      {
        type: "planned_change",
        change: { resource: resource("aws_instance.web"), action: "replace", reason: "cannot_update" },
      },
      { type: "planned_change", change: { resource: resource("aws_s3_bucket.logs"), action: "noop" } },
      { type: "change_summary", changes: { add: 1, change: 0, remove: 1, operation: "plan" } },
    ];
    const result = await post(
      `format=terraform-plan-jsonl&workspace=${workspace}`,
      lines.map((l) => JSON.stringify(l)).join("\n"),
    );
    expect(result.body).toMatchObject({
      drifted: 1,
      missing: 1,
      planned: 1,
      summary: { add: 1, change: 0, remove: 1 },
    });
    const found = (await items(workspace)).map(({ address, kind, lastSeen }) => ({ address, kind, lastSeen }));
    expect(found.sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { address: "aws_eip.gone", kind: "missing", lastSeen: "2026-10-05T08:00:00.000Z" },
      { address: "aws_instance.web", kind: "changed", lastSeen: "2026-10-05T08:00:00.000Z" },
    ]);
  });
});
