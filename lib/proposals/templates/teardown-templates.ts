import { loadEvidence } from "@/lib/agent/load-evidence";
import { MAX_TARGETS, type TeardownProposal } from "@/lib/agent/schemas";
import { pool } from "@/lib/db";

// Rule-based teardowns: the zombie queue's open, unprotected, undecided findings that save money,
// grouped per team and rule (at most MAX_TARGETS a proposal), each with the rule's judgement and the
// evidence Vigil holds. Resources already in an open teardown proposal are left to it; production-like
// ones (two approvers, name typed) are left to their own page.

interface Candidate {
  id: string;
  rule: string;
  team: string | null;
  address: string | null;
  resource_id: string;
  arn: string | null;
}

// One finding per resource (the rule that saves most): a resource two rules matched is torn down once.
const CANDIDATES = `
  SELECT c.id, c.rule, c.team, c.address, c.resource_id, c.arn FROM (
    SELECT DISTINCT ON (f.resource_id) f.id, f.rule, f.team, f.address, f.resource_id, f.arn, f.monthly_savings
    FROM zombie_finding f
    WHERE f.status IN ('new', 'notified') AND NOT f.protected AND NOT f.second_approval
      AND f.cleared_at IS NULL AND f.gone_at IS NULL AND f.monthly_savings > 0
      AND NOT EXISTS (SELECT 1 FROM agent_proposal p JOIN zombie_finding g ON p.body->'findingIds' ? g.id::text
                      WHERE p.kind = 'teardown' AND p.status = 'valid' AND g.resource_id = f.resource_id)
    ORDER BY f.resource_id, f.monthly_savings DESC, f.id
  ) c
  ORDER BY c.team NULLS LAST, c.rule, c.monthly_savings DESC, c.id
  LIMIT 2000`;

const JUDGEMENTS: Record<string, string> = {
  "idle-compute": "The instance has barely used its CPU for the whole window: nothing seems to depend on it.",
  "idle-database": "The database had no connections for the whole window: no application reads it any more.",
  "idle-environment": "The whole environment has been idle: a preview or experiment that was never cleaned up.",
  "idle-load-balancer": "The load balancer has no healthy targets: it routes nothing.",
  "no-traffic": "The service behind it answered no requests while the resource kept billing.",
  "stopped-instance": "The instance has been stopped for weeks; only its volumes still bill.",
  "unassociated-ip": "The address is attached to nothing and bills by the hour.",
  "unattached-volume": "The volume is attached to no instance: its data, if needed, belongs in a snapshot.",
  "old-snapshot": "The snapshot is older than the retention and backs no image.",
  expired: "Its expiry tag has passed: whoever created it meant it to be gone by now.",
  "unused-commitment": "The commitment is barely used: the spend it covers moved elsewhere.",
};

function judgementOf(rule: string, count: number, team: string | null): string {
  const why = JUDGEMENTS[rule] ?? `The ${rule} rule matched and nothing protects it.`;
  return `${count} ${rule} finding(s)${team ? ` of team ${team}` : " with no owning team"}: ${why}`;
}

function groupsOf(rows: readonly Candidate[]): Candidate[][] {
  const groups = new Map<string, Candidate[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.team, row.rule]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].flatMap((group) =>
    Array.from({ length: Math.ceil(group.length / MAX_TARGETS) }, (_, i) =>
      group.slice(i * MAX_TARGETS, (i + 1) * MAX_TARGETS),
    ),
  );
}

/** Teardown proposals for the queue as it is at `asOf`; evidence limited to what Vigil holds. */
export async function teardownTemplates(asOf: Date): Promise<TeardownProposal[]> {
  const { rows } = await pool().query<Candidate>(CANDIDATES);
  const groups = groupsOf(rows);
  const cited = groups
    .flat()
    .flatMap((f) => [
      ...(f.address ? [`resource:${f.address}`] : []),
      `bill:${f.resource_id}`,
      ...(f.arn ? [`bill:${f.arn}`] : []),
    ]);
  const known = await loadEvidence(cited, asOf);
  return groups.map((group) => {
    const evidence = [
      ...group.map((f) => `zombie:${f.id}`),
      ...group
        .flatMap((f) => [`resource:${f.address}`, `bill:${f.resource_id}`, `bill:${f.arn}`])
        .filter((id) => known.has(id)),
    ];
    return {
      kind: "teardown" as const,
      findingIds: group.map((f) => f.id),
      judgement: judgementOf(group[0].rule, group.length, group[0].team),
      evidenceIds: [...new Set(evidence)].slice(0, 100),
    };
  });
}
