import type { PolicyRule } from "../schemas";

// Recoverability, traceability and where data may live.

/** Buckets tagged data_classification = none hold no data worth versioning or logging. */
const NO_DATA = "('data_classification' in resource.tags && resource.tags.data_classification == 'none')";
const TAG = (keys: string[]) => `[${keys.map((key) => `'${key}'`).join(", ")}].exists(k, k in resource.tags)`;

export const GOVERNANCE_RULES: PolicyRule[] = [
  {
    id: "s3-versioning",
    title: "Buckets holding data keep versions",
    severity: "medium",
    resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_versioning"],
    expression: `resource.type == 'aws_s3_bucket_versioning'
  ? resource.attributes.versioning_configuration.exists(v, v.status == 'Enabled')
  : ${NO_DATA} || (has(resource.attributes.versioning) && resource.attributes.versioning != null
      && resource.attributes.versioning.exists(v, v.enabled == true))`,
    remediation:
      "Add an aws_s3_bucket_versioning with status Enabled (and a lifecycle rule expiring old versions), or tag a bucket without data data_classification = none.",
    controls: ["SOC 2 A1.2", "ISO 27001 A.8.13"],
  },
  {
    id: "s3-access-logging",
    title: "Buckets holding data log access",
    severity: "medium",
    resourceTypes: ["aws_s3_bucket"],
    expression: `${NO_DATA} || (has(resource.attributes.logging) && resource.attributes.logging != null
  && size(resource.attributes.logging) > 0)`,
    remediation: "Add an aws_s3_bucket_logging sending access logs to a log bucket (or CloudTrail S3 data events).",
    controls: ["PCI DSS 10.2.1", "SOC 2 CC7.2", "ISO 27001 A.8.15"],
  },
  {
    id: "backup-retention",
    title: "Databases keep at least 7 days of backups",
    severity: "high",
    resourceTypes: ["aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table"],
    expression: `resource.type == 'aws_dynamodb_table'
  ? has(resource.attributes.point_in_time_recovery) && resource.attributes.point_in_time_recovery != null
    && resource.attributes.point_in_time_recovery.exists(p, p.enabled == true)
  : has(resource.attributes.backup_retention_period) && resource.attributes.backup_retention_period >= 7`,
    remediation:
      "Set backup_retention_period to 7 days or more (35 for card data); turn on point_in_time_recovery for DynamoDB tables.",
    controls: ["SOC 2 A1.2", "ISO 27001 A.8.13", "PCI DSS 12.10.1"],
  },
  {
    id: "required-tags",
    title: "Resources are tagged with owner, environment and cost centre",
    severity: "low",
    resourceTypes: ["aws_*"],
    expression: `!(has(resource.attributes.tags) || has(resource.attributes.tags_all))
  || (${TAG(["owner", "Owner"])} && ${TAG(["environment", "Environment", "env", "Env"])}
      && ${TAG(["cost_centre", "cost-centre", "CostCentre", "cost_center", "cost-center", "CostCenter"])})`,
    remediation:
      "Add owner, environment and cost_centre tags (the provider's default_tags set them for every resource of a workspace).",
    controls: ["ISO 27001 A.5.9", "PCI DSS 12.5.1", "SOC 2 CC2.1"],
  },
  {
    id: "data-residency",
    title: "Classified data stays in its allowed regions",
    severity: "high",
    resourceTypes: ["aws_*"],
    // personal/pii/restricted: EU regions (GDPR); mas: Singapore (MAS); other classes anywhere.
    expression: `!('data_classification' in resource.tags) || resource.region == ''
  || (resource.tags.data_classification in ['pii', 'personal', 'restricted'] ? resource.region.startsWith('eu-')
      : resource.tags.data_classification == 'mas' ? resource.region == 'ap-southeast-1' : true)`,
    remediation:
      "Move the resource to an allowed region (pii, personal, restricted: eu-*; mas: ap-southeast-1) or correct its data_classification tag.",
    controls: ["GDPR Art. 44", "MAS residency"],
  },
];
