import type { CloudResourceRecord } from "@/lib/cloud-inventory/schemas";
import { jsonPath, outputProblem } from "./aws-json";

// Where a resource lives: its own ARN or availability zone says when it can, the `region` and
// `account` query parameters fill in what the output does not print, and the two must agree.

export interface GivenScope {
  region: string | null;
  account: string | null;
}

/** The region of an availability zone: us-east-1a, us-west-2-lax-1a (a Local Zone) → us-east-1, us-west-2. */
export function regionOfZone(zone: string | null | undefined): string | null {
  return zone ? (/^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)/.exec(zone)?.[1] ?? null) : null;
}

/** Region and account of an ARN (arn:partition:service:region:account:resource). */
export function arnScope(arn: string | null | undefined): { region: string | null; account: string | null } {
  const parts = arn?.split(":") ?? [];
  if (parts.length < 6 || parts[0] !== "arn") return { region: null, account: null };
  return { region: parts[3] || null, account: parts[4] || null };
}

/** The resource's region and account, its own or the given ones; a conflict is a 400 at `path`. */
export function placeResource(
  command: string,
  path: readonly PropertyKey[],
  own: { region: string | null; account: string | null },
  given: GivenScope,
): { region: string | null; account: string | null } {
  if (own.region && given.region && own.region !== given.region)
    throw outputProblem(command, path, `in region ${own.region}, not the region=${given.region} given`);
  if (own.account && given.account && own.account !== given.account)
    throw outputProblem(command, path, `in account ${own.account}, not the account=${given.account} given`);
  return { region: own.region ?? given.region, account: own.account ?? given.account };
}

/** Refuses a file that lists one resource twice, naming both places. */
export function refuseDuplicates(command: string, items: { record: CloudResourceRecord; path: PropertyKey[] }[]) {
  const seen = new Map<string, PropertyKey[]>();
  for (const { record, path } of items) {
    const key = JSON.stringify([record.account, record.region, record.resourceId]);
    const first = seen.get(key);
    if (first) throw outputProblem(command, path, `${record.resourceId} appears twice (also at ${jsonPath(first)})`);
    seen.set(key, path);
  }
}

/** The ARN AWS gives an EC2 resource, when its region and account are known. */
export function ec2Arn(
  scope: { region: string | null; account: string | null },
  type: string,
  id: string,
): string | null {
  if (!scope.region || !scope.account) return null;
  const partition = scope.region.startsWith("cn-")
    ? "aws-cn"
    : scope.region.startsWith("us-gov-")
      ? "aws-us-gov"
      : "aws";
  return `arn:${partition}:ec2:${scope.region}:${scope.account}:${type}/${id}`;
}
