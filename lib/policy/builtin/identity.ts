import type { PolicyRule } from "../schemas";

// Who may do what: IAM policies that grant every action, or every action of a service. Generated
// IaC reaches for "Action": "*" when it can not work out the permissions a task needs.

const IAM_POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"];
// "Action": "*", "Action": ["s3:*"], and HCL's jsonencode form Action = "*", in any position of the list.
const WILDCARD_ACTION = String.raw`"?Action"?\s*[:=]\s*(\[[^\]]*)?"(\*|[A-Za-z0-9-]+:\*)"`;

export const IDENTITY_RULES: PolicyRule[] = [
  {
    id: "iam-no-wildcard-actions",
    title: "IAM policies do not grant wildcard actions",
    severity: "high",
    resourceTypes: IAM_POLICY_TYPES,
    expression: `!(has(resource.attributes.policy) && type(resource.attributes.policy) == string
  && resource.attributes.policy.matches(r'${WILDCARD_ACTION}'))`,
    remediation:
      "List the actions the workload needs (IAM Access Analyzer can generate them from CloudTrail) instead of * or service:*.",
    controls: ["PCI DSS 7.2.1", "SOC 2 CC6.3", "ISO 27001 A.5.15", "CIS AWS 1.16"],
  },
];
