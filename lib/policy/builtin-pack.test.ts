import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinRules } from "./builtin-pack";
import { evaluateRules } from "./evaluate-rules";
import { toPolicyResource } from "./policy-resource";

// Each built-in rule over attribute shapes as the AWS provider records them in state and plans.

const TAGS = { owner: "payments", environment: "prod", cost_centre: "cc-42" };

function verdict(ruleId: string, type: string, attributes: Record<string, unknown>) {
  const rule = builtinRules().find((candidate) => candidate.rule.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return rule.check(toPolicyResource(type, `${type}.x`, attributes));
}

const sse = (algorithm: string) => [
  {
    rule: [
      {
        apply_server_side_encryption_by_default: [{ sse_algorithm: algorithm, kms_master_key_id: "" }],
        bucket_key_enabled: false,
      },
    ],
  },
];
const ingress = (cidr: string, from: number, to: number, protocol = "tcp") => [
  {
    cidr_blocks: [cidr],
    description: "",
    from_port: from,
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    protocol,
    security_groups: [],
    self: false,
    to_port: to,
  },
];

const CASES: [string, string, Record<string, unknown>, boolean][] = [
  ["s3-encryption", "aws_s3_bucket", { bucket: "b", server_side_encryption_configuration: sse("aws:kms") }, true],
  ["s3-encryption", "aws_s3_bucket", { bucket: "b", server_side_encryption_configuration: [] }, false],
  [
    "s3-encryption",
    "aws_s3_bucket_server_side_encryption_configuration",
    { bucket: "b", rule: sse("AES256")[0].rule },
    true,
  ],
  ["s3-encryption", "aws_s3_bucket_server_side_encryption_configuration", { bucket: "b", rule: [] }, false],
  [
    "ebs-encryption",
    "aws_ebs_volume",
    { availability_zone: "eu-west-1a", encrypted: true, size: 100, type: "gp3" },
    true,
  ],
  [
    "ebs-encryption",
    "aws_ebs_volume",
    { availability_zone: "eu-west-1a", encrypted: false, size: 100, type: "gp3" },
    false,
  ],
  ["rds-encryption", "aws_db_instance", { engine: "postgres", storage_encrypted: true }, true],
  ["rds-encryption", "aws_rds_cluster", { engine: "aurora-postgresql", storage_encrypted: false }, false],
  [
    "dynamodb-encryption",
    "aws_dynamodb_table",
    { server_side_encryption: [{ enabled: true, kms_key_arn: "arn:aws:kms:eu-west-1:1:key/k" }] },
    true,
  ],
  ["dynamodb-encryption", "aws_dynamodb_table", { server_side_encryption: [] }, false],
  ["efs-encryption", "aws_efs_file_system", { encrypted: true, kms_key_id: "k" }, true],
  ["efs-encryption", "aws_efs_file_system", { encrypted: false }, false],
  ["s3-no-public-access", "aws_s3_bucket", { acl: "private" }, true],
  ["s3-no-public-access", "aws_s3_bucket", { acl: "public-read" }, false],
  ["s3-no-public-access", "aws_s3_bucket_acl", { acl: "public-read-write" }, false],
  [
    "s3-no-public-access",
    "aws_s3_bucket_public_access_block",
    { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
    true,
  ],
  [
    "s3-no-public-access",
    "aws_s3_bucket_public_access_block",
    { block_public_acls: true, block_public_policy: false, ignore_public_acls: true, restrict_public_buckets: true },
    false,
  ],
  ["db-not-public", "aws_db_instance", { publicly_accessible: false }, true],
  ["db-not-public", "aws_db_instance", { publicly_accessible: true }, false],
  ["no-admin-ingress-from-internet", "aws_security_group", { ingress: ingress("0.0.0.0/0", 443, 443) }, true],
  ["no-admin-ingress-from-internet", "aws_security_group", { ingress: ingress("0.0.0.0/0", 22, 22) }, false],
  ["no-admin-ingress-from-internet", "aws_security_group", { ingress: ingress("0.0.0.0/0", 0, 0, "-1") }, false],
  ["no-admin-ingress-from-internet", "aws_security_group", { ingress: ingress("10.0.0.0/8", 0, 65535) }, true],
  ["no-admin-ingress-from-internet", "aws_security_group", { ingress: ingress("0.0.0.0/0", 5000, 6000) }, false],
  [
    "no-admin-ingress-from-internet",
    "aws_security_group_rule",
    {
      type: "ingress",
      cidr_blocks: ["0.0.0.0/0"],
      ipv6_cidr_blocks: null,
      from_port: 3389,
      to_port: 3389,
      protocol: "tcp",
    },
    false,
  ],
  [
    "no-admin-ingress-from-internet",
    "aws_security_group_rule",
    { type: "egress", cidr_blocks: ["0.0.0.0/0"], from_port: 0, to_port: 0, protocol: "-1" },
    true,
  ],
  [
    "no-admin-ingress-from-internet",
    "aws_vpc_security_group_ingress_rule",
    { cidr_ipv4: "0.0.0.0/0", cidr_ipv6: null, from_port: 5432, to_port: 5432, ip_protocol: "tcp" },
    false,
  ],
  [
    "no-admin-ingress-from-internet",
    "aws_vpc_security_group_ingress_rule",
    { cidr_ipv4: "0.0.0.0/0", cidr_ipv6: null, from_port: 443, to_port: 443, ip_protocol: "tcp" },
    true,
  ],
  [
    "tls-only-listeners",
    "aws_lb_listener",
    { port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06", default_action: [] },
    true,
  ],
  [
    "tls-only-listeners",
    "aws_lb_listener",
    {
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: [{ port: "443", protocol: "HTTPS", status_code: "HTTP_301" }] }],
    },
    true,
  ],
  [
    "tls-only-listeners",
    "aws_lb_listener",
    { port: 80, protocol: "HTTP", default_action: [{ type: "forward", redirect: [] }] },
    false,
  ],
  ["s3-versioning", "aws_s3_bucket", { versioning: [{ enabled: true, mfa_delete: false }] }, true],
  ["s3-versioning", "aws_s3_bucket", { versioning: [{ enabled: false, mfa_delete: false }] }, false],
  ["s3-versioning", "aws_s3_bucket", { versioning: [{ enabled: false }], tags: { data_classification: "none" } }, true],
  [
    "s3-versioning",
    "aws_s3_bucket_versioning",
    { versioning_configuration: [{ status: "Suspended", mfa_delete: "" }] },
    false,
  ],
  [
    "s3-versioning",
    "aws_s3_bucket_versioning",
    { versioning_configuration: [{ status: "Enabled", mfa_delete: "" }] },
    true,
  ],
  ["s3-access-logging", "aws_s3_bucket", { logging: [{ target_bucket: "logs", target_prefix: "b/" }] }, true],
  ["s3-access-logging", "aws_s3_bucket", { logging: [] }, false],
  ["backup-retention", "aws_db_instance", { backup_retention_period: 7 }, true],
  ["backup-retention", "aws_db_instance", { backup_retention_period: 1 }, false],
  ["backup-retention", "aws_dynamodb_table", { point_in_time_recovery: [{ enabled: true }] }, true],
  ["backup-retention", "aws_dynamodb_table", { point_in_time_recovery: [{ enabled: false }] }, false],
  ["required-tags", "aws_ebs_volume", { tags: TAGS, tags_all: TAGS }, true],
  ["required-tags", "aws_ebs_volume", { tags: { owner: "x" }, tags_all: { owner: "x", environment: "prod" } }, false],
  ["required-tags", "aws_s3_bucket_versioning", { versioning_configuration: [] }, true],
  [
    "data-residency",
    "aws_s3_bucket",
    { arn: "arn:aws:s3:::b", region: "eu-west-1", tags: { data_classification: "pii" } },
    true,
  ],
  [
    "data-residency",
    "aws_db_instance",
    { arn: "arn:aws:rds:us-east-1:1:db:x", tags: { data_classification: "pii" } },
    false,
  ],
  [
    "data-residency",
    "aws_ebs_volume",
    { availability_zone: "eu-central-1b", tags: { data_classification: "mas" } },
    false,
  ],
  [
    "data-residency",
    "aws_ebs_volume",
    { availability_zone: "ap-southeast-1a", tags: { data_classification: "mas" } },
    true,
  ],
  [
    "iam-no-wildcard-actions",
    "aws_iam_policy",
    { policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
    false,
  ],
  [
    "iam-no-wildcard-actions",
    "aws_iam_role_policy",
    { policy: '{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","ec2:*"],"Resource":"*"}]}' },
    false,
  ],
  [
    "iam-no-wildcard-actions",
    "aws_iam_policy",
    { policy: '${jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })}' },
    false,
  ],
  [
    "iam-no-wildcard-actions",
    "aws_iam_policy",
    { policy: '{"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}' },
    true,
  ],
  ["iam-no-wildcard-actions", "aws_iam_policy", { policy: "${data.aws_iam_policy_document.read.json}" }, true],
];

describe("built-in pack", () => {
  it.each(CASES)("%s on %s %j complies: %s", (ruleId, type, attributes, complies) => {
    expect(verdict(ruleId, type, attributes)).toBe(complies);
  });

  it("has a passing and a failing case for every rule", () => {
    for (const { rule } of builtinRules()) {
      const outcomes = new Set(CASES.filter((c) => c[0] === rule.id).map((c) => c[3]));
      expect([rule.id, [...outcomes].sort()]).toEqual([rule.id, [false, true]]);
    }
  });

  it("fails the driftctl sample's plain-HTTP listener and passes its VPC-only security group", () => {
    const file = path.join(import.meta.dirname, "fixtures/driftctl-aws_lb_listener.tfstate");
    const state = JSON.parse(readFileSync(file, "utf8")) as {
      resources: { mode: string; type: string; name: string; instances: { attributes: unknown }[] }[];
    };
    const resources = state.resources
      .filter((r) => r.mode === "managed")
      .map((r) => toPolicyResource(r.type, `${r.type}.${r.name}`, r.instances[0].attributes));
    const { violations, checked } = evaluateRules(builtinRules(), resources);
    const byRule = (id: string) => violations.filter((v) => v.ruleId === id).map((v) => v.address);
    expect(byRule("tls-only-listeners")).toEqual(["aws_lb_listener.front_end"]);
    expect(checked.get("no-admin-ingress-from-internet")?.map((r) => r.address)).toEqual(["aws_security_group.lb_sg"]);
    expect(byRule("no-admin-ingress-from-internet")).toEqual([]);
    // Its tags are empty: every tagged resource misses owner, environment and cost centre.
    expect(byRule("required-tags")).toContain("aws_lb.test");
  });
});
