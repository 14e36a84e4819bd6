import { systemCtx } from "@/lib/context";
import { pool, sqlTransaction } from "@/lib/db";
import { importDrift } from "@/lib/drift/import-drift";
import { syncFindings } from "@/lib/policy/store-findings";
import { AS_OF, type AgentWorld, seedWorld } from "./agent-proposals";
import { uniqueName } from "./factories";
import { insertAnomaly, insertSloAlert } from "./runbooks";

// One subject of each kind "Ask Vigil" explains, built through the domains' own verbs where they
// exist, on the agent tests' world (inventory, a bill in March 2031, zombie findings), so their
// evidence is what the validator can find as of AS_OF.

export { AS_OF };

export interface ExplainWorld {
  world: AgentWorld;
  service: string;
  anomaly: string;
  earlierAnomaly: string;
  otherServiceAnomaly: string;
  sloAlert: string;
  drift: string;
  zombie: string;
  policyFinding: string;
  /** A uuid no drift record has: a "what changed" item naming it must not be cited. */
  ghostDrift: string;
}

async function driftOn(world: AgentWorld): Promise<string> {
  const workspace = uniqueName("explain-ws");
  await importDrift(systemCtx("test"), {
    format: "terraform-show",
    workspace,
    name: "show.json",
    read: async () => ({
      parsed: {
        format: "terraform-show",
        toolVersion: "1.9.0",
        detectedAt: new Date("2031-03-15T00:00:00Z"),
        observations: [
          {
            address: world.address.web,
            kind: "changed",
            type: "aws_instance",
            provider: "registry.terraform.io/hashicorp/aws",
            cloudId: world.cloudId.web,
            changes: [{ path: "instance_type", before: "t3.small", after: "t3.xlarge" }],
            actions: ["update"],
          },
        ],
        planned: [],
        summary: {},
      },
      digest: () => uniqueName("digest"),
    }),
  });
  const { rows } = await pool().query<{ id: string }>("SELECT id::text FROM drift_record WHERE workspace = $1", [
    workspace,
  ]);
  return rows[0].id;
}

async function policyFindingOn(world: AgentWorld): Promise<string> {
  const key = uniqueName("explain-source");
  await sqlTransaction((client) =>
    syncFindings(client, { key, name: "checkov.json", actor: "test", now: new Date("2031-03-20T00:00:00Z") }, [
      {
        tool: "checkov",
        ruleId: "CKV_AWS_290",
        title: "IAM policies do not allow write access without constraints",
        severity: "high",
        address: world.address.policy,
        resourceType: "aws_iam_policy",
        environment: "prod",
        file: "iam.tf",
        lineStart: 3,
        lineEnd: 9,
        message: "Action s3:* on Resource *",
        remediation: "Name the actions and buckets the app needs",
        controls: ["CIS-1.16"],
        evidence: {},
      },
    ]),
  );
  const { rows } = await pool().query<{ id: string }>("SELECT id::text FROM policy_finding WHERE source_key = $1", [
    key,
  ]);
  return rows[0].id;
}

export async function seedExplainWorld(): Promise<ExplainWorld> {
  const world = await seedWorld();
  const service = uniqueName("explain-svc");
  const drift = await driftOn(world);
  const ghostDrift = "00000000-0000-4000-8000-000000000000";
  const earlierAnomaly = await insertAnomaly(service, "prod");
  await pool().query(
    `UPDATE anomaly SET started_at = started_at - interval '7 days', peak_at = peak_at - interval '7 days',
       ended_at = started_at - interval '6 days', status = 'resolved' WHERE id = $1`,
    [earlierAnomaly],
  );
  const anomaly = await insertAnomaly(service, "prod");
  const changes = [
    { kind: "drift", rank: 1, summary: `${world.address.web} drifted`, score: 0.5, driftId: drift },
    { kind: "cost", rank: 2, summary: `${world.cloudId.web} is new`, score: 0.4, resourceId: world.cloudId.web },
    { kind: "drift", rank: 3, summary: "a drift since deleted", score: 0.3, driftId: ghostDrift },
  ];
  await pool().query("UPDATE anomaly SET changes = $2::jsonb WHERE id = $1", [anomaly, JSON.stringify(changes)]);
  const otherServiceAnomaly = await insertAnomaly(uniqueName("other-svc"), "prod");
  const { alertId } = await insertSloAlert(service);
  await pool().query(
    "UPDATE zombie_finding SET monthly_savings = 20, currency = 'USD', owner = 'ana@example.com' WHERE id = $1",
    [world.findings.open],
  );
  return {
    world,
    service,
    anomaly,
    earlierAnomaly,
    otherServiceAnomaly,
    sloAlert: alertId,
    drift,
    zombie: world.findings.open,
    policyFinding: await policyFindingOn(world),
    ghostDrift,
  };
}
