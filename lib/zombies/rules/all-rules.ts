import type { Evidence } from "@/lib/zombies/evidence";
import type { Finding, RuleId } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { expired } from "@/lib/zombies/rules/expired";
import { idleCompute } from "@/lib/zombies/rules/idle-compute";
import { idleDatabase } from "@/lib/zombies/rules/idle-database";
import { idleEnvironment } from "@/lib/zombies/rules/idle-environment";
import { idleLoadBalancer } from "@/lib/zombies/rules/idle-load-balancer";
import { noTraffic } from "@/lib/zombies/rules/no-traffic";
import { oldSnapshot } from "@/lib/zombies/rules/old-snapshot";
import { stoppedInstance } from "@/lib/zombies/rules/stopped-instance";
import { unassociatedIp } from "@/lib/zombies/rules/unassociated-ip";
import { unattachedVolume } from "@/lib/zombies/rules/unattached-volume";
import { unusedCommitment } from "@/lib/zombies/rules/unused-commitment";

export type Rule = (evidence: Evidence, thresholds: Thresholds, now: Date) => Finding | null;

/** Every rule by id; each ignores the kinds of resource it is not about. */
export const ZOMBIE_RULES: Record<RuleId, Rule> = {
  "idle-compute": idleCompute,
  "no-traffic": noTraffic,
  "idle-environment": idleEnvironment,
  "unattached-volume": unattachedVolume,
  "unassociated-ip": unassociatedIp,
  "idle-load-balancer": idleLoadBalancer,
  "idle-database": idleDatabase,
  "stopped-instance": stoppedInstance,
  "old-snapshot": oldSnapshot,
  expired,
  "unused-commitment": unusedCommitment,
};

/** All findings for one resource's evidence, in the order of RULE_IDS. */
export function findZombies(evidence: Evidence, thresholds: Thresholds, now: Date): Finding[] {
  return Object.values(ZOMBIE_RULES).flatMap((rule) => rule(evidence, thresholds, now) ?? []);
}
