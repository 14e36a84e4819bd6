import type { Ctx } from "../context";
import { importTerraformState } from "../costs/import-terraform-state";
import type { StateResource, TerraformState } from "../costs/schemas";
import { pool } from "../db";
import { importFindings } from "../policy/import-findings";
import { waiveFinding } from "../policy/waive-finding";

// The demo platform's security state: a security group opened to the internet on SSH by hand, an
// unencrypted volume, a plain-HTTP listener and a database with one day of backups; a Checkov
// report beside it; and one waiver FinOps granted for the listener.

const PROVIDER = "registry.terraform.io/hashicorp/aws";
const TAGS = { owner: "payments", environment: "prod", cost_centre: "cc-payments" };

function resource(type: string, name: string, attributes: Record<string, unknown>): StateResource {
  return {
    address: `${type}.${name}`,
    module: null,
    type,
    name,
    provider: PROVIDER,
    cloudId: String(attributes.id ?? `${name}-demo`),
    arn: typeof attributes.arn === "string" ? attributes.arn : null,
    tags: (attributes.tags as Record<string, string>) ?? {},
    attributes,
  };
}

function securityState(): TerraformState {
  const ingress = (cidr: string, port: number) => ({
    cidr_blocks: [cidr],
    description: "",
    from_port: port,
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    protocol: "tcp",
    security_groups: [],
    self: false,
    to_port: port,
  });
  const resources = [
    resource("aws_security_group", "bastion", {
      id: "sg-0demo0bastion",
      arn: "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0demo0bastion",
      ingress: [ingress("10.0.0.0/16", 443), ingress("0.0.0.0/0", 22)],
      tags: TAGS,
      tags_all: TAGS,
    }),
    resource("aws_ebs_volume", "ledger_scratch", {
      id: "vol-0demo0scratch",
      availability_zone: "eu-west-1a",
      encrypted: false,
      size: 200,
      type: "gp3",
      tags: { ...TAGS, environment: "staging" },
      tags_all: { ...TAGS, environment: "staging" },
    }),
    resource("aws_lb_listener", "checkout_http", {
      id: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/checkout/1/2",
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "forward", redirect: [] }],
      tags: TAGS,
      tags_all: TAGS,
    }),
    resource("aws_db_instance", "ledger", {
      id: "ledger-db",
      arn: "arn:aws:rds:eu-west-1:123456789012:db:ledger",
      storage_encrypted: true,
      publicly_accessible: false,
      backup_retention_period: 1,
      tags: TAGS,
      tags_all: TAGS,
    }),
  ];
  return { lineage: "vigil-demo-security", serial: 1, terraformVersion: "1.9.8", resources };
}

const CHECKOV = [
  {
    tool: "checkov" as const,
    ruleId: "CKV_AWS_18",
    title: "Ensure the S3 bucket has access logging enabled",
    severity: "medium" as const,
    address: "aws_s3_bucket.receipts",
    resourceType: "aws_s3_bucket",
    environment: "",
    file: "/payments/storage.tf",
    lineStart: 12,
    lineEnd: 30,
    message: "Ensure the S3 bucket has access logging enabled",
    remediation:
      "https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-13-enable-logging",
    controls: [],
    evidence: {},
  },
];

/** A handful of findings on the demo state and one waiver; safe to repeat. */
export async function loadDemoPolicy(ctx: Ctx, now = new Date()): Promise<{ findings: number }> {
  await importTerraformState(ctx, { name: "vigil-demo-security.tfstate", read: async () => securityState() });
  await importFindings(ctx, { tool: "checkov", name: "payments-checkov.json", read: async () => CHECKOV });
  const { rows } = await pool().query<{ id: string }>(
    `SELECT f.id FROM policy_finding f JOIN terraform_state s ON f.source_key = 'state:' || s.id
     WHERE s.lineage = 'vigil-demo-security' AND f.rule_id = 'tls-only-listeners' AND f.status <> 'resolved'`,
  );
  if (rows[0])
    await waiveFinding(ctx, rows[0].id, {
      reason: "Internal checkout health listener; moves behind the HTTPS ALB in the Q1 migration",
      until: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    });
  const count = await pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM policy_finding WHERE status <> 'resolved'",
  );
  return { findings: count.rows[0].n };
}
