import type { ResourceKind } from "./evidence";

// Which kind of resource a Terraform type or a bare cloud id names, so a resource known only from
// a state file or the bill still gets the rules of its kind.

const TERRAFORM_KINDS: Record<string, ResourceKind> = {
  aws_instance: "ec2-instance",
  aws_ebs_volume: "ebs-volume",
  aws_eip: "elastic-ip",
  aws_ebs_snapshot: "ebs-snapshot",
  aws_lb: "load-balancer",
  aws_alb: "load-balancer",
  aws_db_instance: "rds-instance",
};

export const kindOfTerraformType = (type: string): ResourceKind => TERRAFORM_KINDS[type] ?? "terraform";

const ID_KINDS: [RegExp, ResourceKind][] = [
  [/^i-[0-9a-f]{8,17}$/, "ec2-instance"],
  [/^vol-[0-9a-f]{8,17}$/, "ebs-volume"],
  [/^eipalloc-[0-9a-f]{8,17}$/, "elastic-ip"],
  [/^snap-[0-9a-f]{8,17}$/, "ebs-snapshot"],
  [/^arn:aws[a-z-]*:ec2:[^:]*:[^:]*:instance\/i-/, "ec2-instance"],
  [/^arn:aws[a-z-]*:ec2:[^:]*:[^:]*:volume\/vol-/, "ebs-volume"],
  [/^arn:aws[a-z-]*:elasticloadbalancing:[^:]*:[^:]*:loadbalancer\//, "load-balancer"],
  [/^arn:aws[a-z-]*:rds:[^:]*:[^:]*:db:/, "rds-instance"],
];

/** The kind a billed resource id names, or "billed" for one Vigil has no rules of its own for. */
export function kindOfCloudId(id: string): ResourceKind {
  return ID_KINDS.find(([pattern]) => pattern.test(id))?.[1] ?? "billed";
}

/** CloudWatch's LoadBalancer dimension (app/name/id) from a load balancer's ARN. */
export function loadBalancerDimension(arn: string | undefined): string | undefined {
  return arn ? /:loadbalancer\/(.+)$/.exec(arn)?.[1] : undefined;
}

/** AMI ids a snapshot's description names (CreateImage writes "Created by CreateImage(i-…) for ami-…"). */
export const imagesInDescription = (description: string | null | undefined): string[] =>
  description ? [...new Set(description.match(/\bami-[0-9a-f]{8,17}\b/g) ?? [])] : [];
