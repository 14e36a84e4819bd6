import type { PolicyRule } from "../schemas";

// Encryption at rest, over the AWS provider's attribute names as state and plans record them.

const CONTROLS = ["PCI DSS 3.5.1", "SOC 2 CC6.1", "ISO 27001 A.8.24", "GDPR Art. 32"];
const SSE = "['AES256', 'aws:kms', 'aws:kms:dsse']";

export const ENCRYPTION_RULES: PolicyRule[] = [
  {
    id: "s3-encryption",
    title: "S3 buckets are encrypted at rest",
    severity: "high",
    resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration"],
    expression: `resource.type == 'aws_s3_bucket'
  ? has(resource.attributes.server_side_encryption_configuration)
    && resource.attributes.server_side_encryption_configuration != null
    && resource.attributes.server_side_encryption_configuration.exists(c, c.rule.exists(r,
         r.apply_server_side_encryption_by_default.exists(d, d.sse_algorithm in ${SSE})))
  : has(resource.attributes.rule) && resource.attributes.rule != null
    && resource.attributes.rule.exists(r, r.apply_server_side_encryption_by_default.exists(d, d.sse_algorithm in ${SSE}))`,
    remediation:
      "Add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms (or AES256) for the bucket.",
    controls: CONTROLS,
  },
  {
    id: "ebs-encryption",
    title: "EBS volumes are encrypted",
    severity: "high",
    resourceTypes: ["aws_ebs_volume"],
    expression: "has(resource.attributes.encrypted) && resource.attributes.encrypted == true",
    remediation:
      "Set encrypted = true (a volume can not be encrypted in place: snapshot, copy encrypted, restore), or turn on aws_ebs_encryption_by_default.",
    controls: CONTROLS,
  },
  {
    id: "rds-encryption",
    title: "RDS databases encrypt their storage",
    severity: "high",
    resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
    expression: "has(resource.attributes.storage_encrypted) && resource.attributes.storage_encrypted == true",
    remediation:
      "Set storage_encrypted = true with a kms_key_id; an existing database is encrypted by restoring an encrypted snapshot copy.",
    controls: CONTROLS,
  },
  {
    id: "dynamodb-encryption",
    title: "DynamoDB tables encrypt with a KMS key",
    severity: "medium",
    resourceTypes: ["aws_dynamodb_table"],
    expression: `has(resource.attributes.server_side_encryption) && resource.attributes.server_side_encryption != null
  && resource.attributes.server_side_encryption.exists(s, s.enabled == true)`,
    remediation: "Add server_side_encryption { enabled = true, kms_key_arn = <customer managed key> } to the table.",
    controls: CONTROLS,
  },
  {
    id: "efs-encryption",
    title: "EFS file systems are encrypted",
    severity: "high",
    resourceTypes: ["aws_efs_file_system"],
    expression: "has(resource.attributes.encrypted) && resource.attributes.encrypted == true",
    remediation: "Set encrypted = true with a kms_key_id (a new file system; copy the data across with DataSync).",
    controls: CONTROLS,
  },
];
