import type { Resource, ResourceKind } from "@/lib/zombies/evidence";

/** The AWS CLI calls that delete one kind of resource; `dryRun` when the API takes DryRun. */
interface Teardown {
  what: string;
  delete: string[];
  idFlag: string;
  dryRun: boolean;
  describe?: string[];
  describeFlag?: string;
  extra?: (id: string, now: Date) => string[];
}

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

function teardownFor(resource: Resource): Teardown | null {
  const byKind: Partial<Record<ResourceKind, Teardown>> = {
    "ec2-instance": {
      what: "EC2 instance",
      delete: ["ec2", "terminate-instances"],
      idFlag: "--instance-ids",
      dryRun: true,
    },
    "ebs-volume": { what: "EBS volume", delete: ["ec2", "delete-volume"], idFlag: "--volume-id", dryRun: true },
    "elastic-ip": {
      what: "Elastic IP",
      delete: ["ec2", "release-address"],
      idFlag: IPV4.test(resource.resourceId) ? "--public-ip" : "--allocation-id",
      dryRun: true,
    },
    "ebs-snapshot": { what: "EBS snapshot", delete: ["ec2", "delete-snapshot"], idFlag: "--snapshot-id", dryRun: true },
    "load-balancer": {
      what: "load balancer",
      delete: ["elbv2", "delete-load-balancer"],
      idFlag: "--load-balancer-arn",
      dryRun: false,
      describe: ["elbv2", "describe-load-balancers"],
      describeFlag: "--load-balancer-arns",
    },
    "rds-instance": {
      what: "RDS instance",
      delete: ["rds", "delete-db-instance"],
      idFlag: "--db-instance-identifier",
      dryRun: false,
      describe: ["rds", "describe-db-instances"],
      describeFlag: "--db-instance-identifier",
      // A final snapshot rather than --skip-final-snapshot: the teardown stays reversible.
      extra: (id, now) => [
        "--final-db-snapshot-identifier",
        `vigil-final-${id}-${now.toISOString().slice(0, 10).replaceAll("-", "")}`,
      ],
    },
  };
  return byKind[resource.kind] ?? null;
}

/** A bash word that is exactly `value`, whatever it holds: single quotes, with ' written as '\''. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function regionOf(resource: Resource): string | null {
  if (resource.region && REGION.test(resource.region)) return resource.region;
  const fromArn =
    resource.arn?.split(":")[3] ??
    (resource.resourceId.startsWith("arn:") ? resource.resourceId.split(":")[3] : undefined);
  return fromArn && REGION.test(fromArn) ? fromArn : null;
}

const DRY_RUN_FUNCTION = [
  "# DryRun answers with an error: DryRunOperation means the request would have succeeded.",
  "dry_run() {",
  "  local out",
  '  if out=$("$@" --dry-run 2>&1); then',
  '    echo "unexpected: the dry run did not answer DryRunOperation; nothing was changed" >&2',
  "    exit 1",
  "  fi",
  '  case "$out" in',
  '    *DryRunOperation*) echo "dry run passed: the request would have succeeded" ;;',
  '    *) echo "$out" >&2; echo "dry run failed; nothing was changed" >&2; exit 1 ;;',
  "  esac",
  "}",
];

/**
 * A dry-run-first bash script for an unmanaged AWS resource: the dry run (or, where the API has
 * none, the describe call) always runs; the deletion runs only with CONFIRM set to the resource id.
 * Ids are shell-quoted once into a variable and never written into comments.
 */
export function awsCliScript(resource: Resource, now: Date): { script: string; notes: string[] } | { reason: string } {
  const teardown = teardownFor(resource);
  if (!teardown) return { reason: `no AWS CLI teardown for a ${resource.kind}` };
  const id = resource.kind === "load-balancer" ? (resource.arn ?? resource.resourceId) : resource.resourceId;
  if (resource.kind === "load-balancer" && !id.startsWith("arn:"))
    return { reason: "deleting a load balancer needs its ARN" };
  if (
    /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(id) ||
    id.length === 0 ||
    id.length > 2048
  )
    return {
      reason: "the resource id cannot be written into a script (empty, over 2048 characters, NUL or a lone surrogate)",
    };
  const region = regionOf(resource);
  const notes = region ? [] : ["The region is unknown: set AWS_REGION before running the script."];
  const call = (words: string[], flag: string, extra: string[] = []) =>
    ["aws", ...words, "--region", '"$REGION"', flag, '"$ID"', ...extra.map(shellQuote)].join(" ");
  const extra = teardown.extra?.(id, now) ?? [];
  const lines = [
    "#!/usr/bin/env bash",
    `# Vigil teardown plan for one ${teardown.what} (its id is ID below). Vigil never calls AWS itself.`,
    "# Run it once as is: it only checks. Run it again with CONFIRM set to the id to delete.",
    "set -euo pipefail",
    "",
    `REGION=${region ? shellQuote(region) : '"${AWS_REGION:?set AWS_REGION to the region of the resource}"'}`,
    `ID=${shellQuote(id)}`,
    "",
    ...(teardown.dryRun
      ? [...DRY_RUN_FUNCTION, "", `dry_run ${call(teardown.delete, teardown.idFlag)}`]
      : [
          "# This API has no DryRun: show what would be deleted instead.",
          call(teardown.describe!, teardown.describeFlag!),
        ]),
    "",
    'if [ "${CONFIRM:-}" != "$ID" ]; then',
    '  echo "Checked only, nothing deleted. To delete, run again with CONFIRM set to the id:" >&2',
    '  printf \'  CONFIRM=%q bash %q\\n\' "$ID" "$0" >&2',
    "  exit 0",
    "fi",
    call(teardown.delete, teardown.idFlag, extra),
    "",
  ];
  if (resource.kind === "ec2-instance")
    notes.push("Terminating deletes volumes marked DeleteOnTermination; other volumes stay (and keep billing).");
  if (resource.kind === "rds-instance")
    notes.push("A final snapshot is taken; deletion fails while deletion protection is on.");
  return { script: lines.join("\n"), notes };
}
