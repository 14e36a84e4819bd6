import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb } from "@/lib/db";
import { activeRules } from "@/lib/policy/active-rules";
import { driftKeys, getDrift, listDrift, postDriftImport } from "@/test/drift-api";
import { uniqueName } from "@/test/factories";

// The policy impact of a drift through the drift import API with real PostgreSQL: the rules in
// force (the built-in pack and a team folder holding a rule that errors at run time) over the
// drifted resource's after-values, less what it broke before.

// Before any module reads the environment (it is read once).
await vi.hoisted(async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "vigil-drift-policy-"));
  writeFileSync(
    join(dir, "broken.yaml"),
    `rules:
  - id: team-sg-errors
    title: Reads an attribute no security group has
    severity: high
    resourceTypes: [aws_security_group]
    expression: resource.attributes.no_such_attribute.nested == 1
    remediation: none
`,
  );
  process.env.VIGIL_POLICY_DIR = dir;
});

let ingest: string;
let reader: string;

beforeAll(async () => {
  ({ ingest, reader } = await driftKeys());
});
afterAll(closeDb);

const sg = (ingress: unknown[]) => ({
  id: "sg-0123456789abcdef0",
  name: "bastion",
  tags: { owner: "platform", environment: "prod", cost_centre: "cc-1" },
  ingress,
});
const HTTPS = { from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"] };
const SSH_OPEN = { from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] };

function plan(before: unknown, after: unknown) {
  return JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.9.8",
    resource_drift: [
      {
        address: "aws_security_group.bastion",
        mode: "managed",
        type: "aws_security_group",
        name: "bastion",
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: { actions: ["update"], before, after },
      },
    ],
    resource_changes: [],
  });
}

async function importedDrift(body: string) {
  const workspace = uniqueName("ws");
  const response = await postDriftImport(`format=terraform-show&workspace=${workspace}`, body, {
    authorization: ingest,
  });
  expect(response.status).toBe(201);
  const listed = await listDrift(`workspace=${workspace}`, reader);
  const { items } = (await listed.json()) as { items: { id: string; policyImpact: unknown }[] };
  expect(items).toHaveLength(1);
  const detail = (await getDrift(items[0].id, reader)).body as { policyImpact: unknown };
  expect(detail.policyImpact).toEqual(items[0].policyImpact);
  return items[0];
}

describe("drift policy impact (PostgreSQL)", () => {
  it("a security group opened by hand to 0.0.0.0/0 on port 22 breaks the admin-port rule", async () => {
    const drift = await importedDrift(plan(sg([HTTPS]), sg([HTTPS, SSH_OPEN])));
    expect(drift.policyImpact).toEqual([
      {
        ruleId: "no-admin-ingress-from-internet",
        severity: "critical",
        title: "No 0.0.0.0/0 ingress on admin and database ports",
        controls: ["PCI DSS 1.3.1", "SOC 2 CC6.6", "ISO 27001 A.8.20"],
      },
    ]);
  });

  it("a rule the resource already broke before the drift is not the drift's impact", async () => {
    const drift = await importedDrift(plan(sg([SSH_OPEN]), sg([SSH_OPEN, HTTPS])));
    expect(drift.policyImpact).toEqual([]);
  });

  it("a drift that changes nothing policy-relevant breaks no rule", async () => {
    const drift = await importedDrift(plan(sg([HTTPS]), { ...sg([HTTPS]), description: "edited in the console" }));
    expect(drift.policyImpact).toEqual([]);
  });

  it("without before-values every rule the after-values break counts", async () => {
    const drift = await importedDrift(plan(null, sg([SSH_OPEN])));
    expect((drift.policyImpact as { ruleId: string }[]).map((v) => v.ruleId)).toEqual([
      "no-admin-ingress-from-internet",
    ]);
  });

  it("a rule that errors on the resource neither fails the import nor counts as broken", async () => {
    expect((await activeRules()).rules.map((compiled) => compiled.rule.id)).toContain("team-sg-errors");
    const drift = await importedDrift(plan(sg([HTTPS]), sg([HTTPS, SSH_OPEN])));
    const ids = (drift.policyImpact as { ruleId: string }[]).map((v) => v.ruleId);
    expect(ids).not.toContain("team-sg-errors");
    expect(ids).toContain("no-admin-ingress-from-internet");
  });

  it("after-values that are not attributes give no policy impact (null), not an empty one", async () => {
    const drift = await importedDrift(plan(sg([HTTPS]), "not an object"));
    expect(drift.policyImpact).toBeNull();
  });
});
