import type { Resource } from "@/lib/zombies/evidence";
import type { RuleId } from "@/lib/zombies/rules/finding";
import { environmentOf, inEnvironmentList } from "@/lib/zombies/rules/environments";
import { defaultThresholds, type AllowRule, type Thresholds } from "@/lib/zombies/thresholds";

/** Rules whose evidence cannot be a quiet-but-used production resource, so production does not shield them. */
const UNAMBIGUOUS: readonly RuleId[] = ["unattached-volume", "unassociated-ip", "expired"];

export interface Protection {
  protected: boolean;
  reason: string;
}

/** `*` matches any run of characters, `?` one; at worst pattern × text steps (no regex, no exponential backtracking). */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p += 1;
      t += 1;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p;
      mark = t;
      p += 1;
    } else if (star !== -1) {
      p = star + 1;
      mark += 1;
      t = mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p += 1;
  return p === pattern.length;
}

function tagValue(resource: Resource, key: string): string | undefined {
  const found = Object.entries(resource.tags).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return found?.[1];
}

function allows(rule: AllowRule, resource: Resource, ruleId: RuleId): boolean {
  if (rule.rules && !rule.rules.includes(ruleId)) return false;
  if (rule.kind && rule.kind !== resource.kind) return false;
  if (rule.environment && environmentOf(resource)?.toLowerCase() !== rule.environment.toLowerCase()) return false;
  if (
    rule.resourceId &&
    ![resource.resourceId, resource.arn, resource.address].some((id) => id && globMatch(rule.resourceId!, id))
  )
    return false;
  if (rule.tag) {
    const value = tagValue(resource, rule.tag.key);
    if (value === undefined || (rule.tag.value !== undefined && value !== rule.tag.value)) return false;
  }
  return true;
}

/**
 * Whether a finding may be proposed for teardown. Protected, in this order: the protect tag with any
 * value but "false"; a matching allow rule; a production environment, unless the rule is one of the
 * unambiguous kinds (an unattached volume, an unassociated IP, an expired tag).
 */
export function protectionOf(resource: Resource, rule: RuleId, thresholds: Thresholds): Protection {
  const tag = tagValue(resource, thresholds.protectTagKey);
  if (tag !== undefined && tag.trim().toLowerCase() !== "false")
    return { protected: true, reason: `tagged ${thresholds.protectTagKey}=${tag.slice(0, 64)}` };
  const allow = thresholds.allow.find((a) => allows(a, resource, rule));
  if (allow) return { protected: true, reason: `allow rule "${allow.name}"` };
  const environment = environmentOf(resource);
  if (inEnvironmentList(environment, thresholds.productionEnvironments)) {
    if (UNAMBIGUOUS.includes(rule))
      return { protected: false, reason: `production (${environment}), but ${rule} is unambiguous` };
    return { protected: true, reason: `production environment ${environment}` };
  }
  return { protected: false, reason: "no protect tag, allow rule or production environment" };
}

/**
 * Production-like resources need a second approver and a typed name (as aws-nuke asks for the
 * account alias): a production environment name, or "prod" anywhere in the name, environment or a
 * tag. Deliberately broad: a needless second approval costs a minute, a wrong teardown an outage.
 */
export function needsSecondApproval(
  resource: Resource,
  productionEnvironments: readonly string[] = defaultThresholds.productionEnvironments,
): { required: boolean; reason: string } {
  const environment = environmentOf(resource);
  if (inEnvironmentList(environment, productionEnvironments))
    return { required: true, reason: `production environment ${environment}` };
  const candidates: Array<[string, string | undefined]> = [
    ["name", resource.name],
    ["environment", environment],
    ...Object.entries(resource.tags).flatMap(([k, v]): Array<[string, string]> => [
      [`tag key ${k.slice(0, 64)}`, k],
      [`tag ${k.slice(0, 64)}`, v],
    ]),
  ];
  const hit = candidates.find(([, value]) => value?.toLowerCase().includes("prod"));
  if (hit) return { required: true, reason: `${hit[0]} contains "prod"` };
  return { required: false, reason: "nothing production-like in its environment, name or tags" };
}
