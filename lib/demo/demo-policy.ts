import type { Ctx } from "../context";
import type { StateResource } from "../costs/schemas";
import { pool } from "../db";
import { evaluateState } from "../policy/evaluate-state";
import { importFindings } from "../policy/import-findings";
import type { FindingRecord } from "../policy/finding-records";
import { waiveFinding } from "../policy/waive-finding";
import { demoTerraformState } from "./demo-state";

// The demo state's resources with the attributes their provider would record: mostly compliant,
// with a database keeping one day of backups, a bucket without versioning or access logs, and a
// cluster without encryption; a Checkov report beside it; and one waiver FinOps granted.

const SSE = [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }] }] }];

function attributesOf(resource: StateResource, index: number): Record<string, unknown> {
  const tags = {
    owner: resource.tags.team ?? "platform",
    cost_centre: "cc-demo",
    environment: resource.tags.env ?? "prod",
    ...resource.tags,
  };
  const base = { id: resource.cloudId, arn: resource.arn, region: "eu-west-1", tags, tags_all: tags };
  switch (resource.type) {
    case "aws_db_instance":
      return {
        ...base,
        storage_encrypted: true,
        publicly_accessible: false,
        backup_retention_period: index === 0 ? 1 : 14,
      };
    case "aws_rds_cluster":
      return { ...base, storage_encrypted: index !== 0, backup_retention_period: 7 };
    case "aws_s3_bucket":
      return {
        ...base,
        acl: "private",
        server_side_encryption_configuration: SSE,
        versioning: [{ enabled: index !== 0, mfa_delete: false }],
        logging: index === 0 ? [] : [{ target_bucket: "demo-access-logs", target_prefix: "" }],
      };
    default:
      return base;
  }
}

const CHECKOV: FindingRecord[] = [
  {
    tool: "checkov",
    ruleId: "CKV_AWS_24",
    title: "Ensure no security groups allow ingress from 0.0.0.0:0 to port 22",
    severity: "high",
    address: "module.prod.aws_security_group.bastion",
    resourceType: "aws_security_group",
    environment: "",
    file: "/platform/network.tf",
    lineStart: 14,
    lineEnd: 32,
    message: "Ensure no security groups allow ingress from 0.0.0.0:0 to port 22",
    remediation:
      "https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/aws-networking-policies/networking-1-port-security",
    controls: [],
    evidence: {},
  },
];

/** A handful of findings on the demo state (just imported as `stateId`) and one waiver; safe to repeat. */
export async function loadDemoPolicy(ctx: Ctx, stateId: string, now = new Date()): Promise<void> {
  const seen = new Map<string, number>();
  const resources = demoTerraformState().resources.map((resource) => {
    const index = seen.get(resource.type) ?? 0;
    seen.set(resource.type, index + 1);
    return { ...resource, attributes: attributesOf(resource, index) };
  });
  await evaluateState(ctx, { stateId, name: "vigil-demo.tfstate", resources });
  await importFindings(ctx, { tool: "checkov", name: "platform-checkov.json", read: async () => CHECKOV });
  const { rows } = await pool().query<{ id: string }>(
    "SELECT id FROM policy_finding WHERE source_key = $1 AND rule_id = 's3-access-logging' AND status <> 'resolved' LIMIT 1",
    [`state:${stateId}`],
  );
  if (rows[0])
    await waiveFinding(ctx, rows[0].id, {
      reason: "Public assets bucket: CloudFront logs every request; S3 access logs would duplicate them",
      until: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    });
}
