import type { PolicyRule } from "../schemas";

// What the internet can reach: public buckets and databases, admin ports open to everyone, and
// listeners that accept plain text.

const EXPOSURE = ["PCI DSS 1.4.1", "SOC 2 CC6.6", "ISO 27001 A.8.20", "GDPR Art. 32"];
const ADMIN_PORTS = "[22, 3389, 1433, 1521, 3306, 5432, 6379, 9200, 27017]";
const OPEN_PORT = (protocol: string, from: string, to: string) =>
  `(${protocol} == '-1' || ${ADMIN_PORTS}.exists(p, ${from} <= p && p <= ${to}))`;
const HAS = (list: string, cidr: string) => `(has(${list}) && ${list} != null && '${cidr}' in ${list})`;

export const EXPOSURE_RULES: PolicyRule[] = [
  {
    id: "s3-no-public-access",
    title: "S3 buckets are not public",
    severity: "critical",
    resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_acl", "aws_s3_bucket_public_access_block"],
    expression: `resource.type == 'aws_s3_bucket_public_access_block'
  ? resource.attributes.block_public_acls == true && resource.attributes.block_public_policy == true
    && resource.attributes.ignore_public_acls == true && resource.attributes.restrict_public_buckets == true
  : !(has(resource.attributes.acl) && resource.attributes.acl in ['public-read', 'public-read-write', 'authenticated-read'])`,
    remediation:
      "Use a private ACL (or none, with object ownership BucketOwnerEnforced) and an aws_s3_bucket_public_access_block with all four settings true; serve public content through CloudFront.",
    controls: EXPOSURE,
  },
  {
    id: "db-not-public",
    title: "Databases are not publicly accessible",
    severity: "critical",
    resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance", "aws_redshift_cluster"],
    expression: "!(has(resource.attributes.publicly_accessible) && resource.attributes.publicly_accessible == true)",
    remediation: "Set publicly_accessible = false and reach the database through private subnets, a VPN or a bastion.",
    controls: EXPOSURE,
  },
  {
    id: "no-admin-ingress-from-internet",
    title: "No 0.0.0.0/0 ingress on admin and database ports",
    severity: "critical",
    resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
    expression: `resource.type == 'aws_security_group'
  ? !(has(resource.attributes.ingress) && resource.attributes.ingress != null && resource.attributes.ingress.exists(r,
      (${HAS("r.cidr_blocks", "0.0.0.0/0")} || ${HAS("r.ipv6_cidr_blocks", "::/0")})
      && ${OPEN_PORT("r.protocol", "r.from_port", "r.to_port")}))
  : resource.type == 'aws_security_group_rule'
  ? !(resource.attributes.type == 'ingress'
      && (${HAS("resource.attributes.cidr_blocks", "0.0.0.0/0")} || ${HAS("resource.attributes.ipv6_cidr_blocks", "::/0")})
      && ${OPEN_PORT("resource.attributes.protocol", "resource.attributes.from_port", "resource.attributes.to_port")})
  : !((resource.attributes.cidr_ipv4 == '0.0.0.0/0' || resource.attributes.cidr_ipv6 == '::/0')
      && ${OPEN_PORT("resource.attributes.ip_protocol", "resource.attributes.from_port", "resource.attributes.to_port")})`,
    remediation:
      "Allow SSH, RDP and database ports only from known ranges (a VPN or bastion CIDR or another security group); use SSM Session Manager instead of open SSH.",
    controls: ["PCI DSS 1.3.1", "SOC 2 CC6.6", "ISO 27001 A.8.20"],
  },
  {
    id: "tls-only-listeners",
    title: "Load balancer listeners accept TLS only",
    severity: "high",
    resourceTypes: ["aws_lb_listener", "aws_alb_listener"],
    expression: `resource.attributes.protocol in ['HTTPS', 'TLS']
  || (has(resource.attributes.default_action) && resource.attributes.default_action != null
      && size(resource.attributes.default_action) > 0
      && resource.attributes.default_action.all(a, a.type == 'redirect'
           && a.redirect.exists(r, r.protocol == 'HTTPS')))`,
    remediation:
      "Use protocol HTTPS (or TLS) with a certificate_arn and an ELBSecurityPolicy-TLS13 ssl_policy; a plain HTTP listener may only redirect to HTTPS.",
    controls: ["PCI DSS 4.2.1", "SOC 2 CC6.7", "ISO 27001 A.8.24", "GDPR Art. 32"],
  },
];
