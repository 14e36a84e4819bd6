import { check } from "@/lib/agent/refactor-checks";
import type { FindingFact, InventoryFact } from "@/lib/agent/load-facts";
import type { AttributionMapping, Check, ExplanationProposal } from "@/lib/agent/schemas";
import { allocateUnit, type CostUnit } from "@/lib/attribution/allocation-rules";
import { UNALLOCATED } from "@/lib/attribution/reserved-keys";
import { fromScaled, toScaled } from "@/lib/decimal";

// The pure checks of teardowns, attributions and explanations, and the evidence check all kinds
// share.

const OPEN = new Set(["new", "notified", "snoozed", "approved", "planned"]);

/** Every cited evidence id names something Vigil holds. */
export function evidenceExists(cited: readonly string[], known: ReadonlySet<string>): Check {
  const missing = [...new Set(cited)].filter((id) => !known.has(id));
  return check(
    "evidence-exists",
    missing.map((id) => `${id} is not known to Vigil`),
    `${new Set(cited).size} evidence id(s) found`,
  );
}

/** Teardown targets are open zombie findings (not cleared, rejected or already gone). */
export function findingsOpen(ids: readonly string[], findings: readonly FindingFact[]): Check {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const problems = ids.flatMap((id) => {
    const finding = byId.get(id);
    if (!finding) return [`${id} is not a zombie finding`];
    if (finding.clearedAt) return [`${id} was cleared: the rule no longer matches`];
    return OPEN.has(finding.status) ? [] : [`${id} is ${finding.status}, not open`];
  });
  return check("findings-open", problems, `${ids.length} open zombie finding(s)`);
}

/** No target is protected: by the finding's own verdict, or by the protect tag now on its resource. */
export function notProtected(
  findings: readonly FindingFact[],
  inventory: readonly InventoryFact[],
  protectTag: string,
): Check {
  const key = protectTag.toLowerCase();
  const problems = findings.flatMap((f) => {
    if (f.protected) return [`${f.id} is protected (${f.protectedReason ?? "protected"})`];
    const tagged = inventory
      .filter((r) => f.address && (r.block === f.address || r.address === f.address))
      .flatMap((r) => Object.entries(r.tags))
      .find(([k, v]) => k.toLowerCase() === key && String(v).trim().toLowerCase() !== "false");
    return tagged ? [`${f.id}: its resource is tagged ${tagged[0]}=${String(tagged[1]).slice(0, 64)}`] : [];
  });
  return check("not-protected", problems, "no target is protected");
}

/**
 * The mapping as the cost allocation would apply it: a unit carrying the proposed feature must be
 * allocated to that feature by tag. Reserved and shared keys are not, so they fail here.
 */
export function allocationRule(mapping: AttributionMapping): Check {
  const unit: CostUnit = {
    day: "2000-01-01",
    provider_name: "",
    service_name: "",
    resource_id: mapping.type === "resource-feature" ? mapping.resourceIds[0] : "",
    feature: mapping.feature,
    team: null,
    env: null,
    app_service: null,
    shared: false,
    billed: "1",
    effective: "1",
    lines: 1,
  };
  const [row] = allocateUnit(unit, new Map(), new Map(), "requests");
  const accepted = row?.method === "tag" && row.feature === mapping.feature && mapping.feature !== UNALLOCATED;
  const problems = accepted
    ? []
    : [`the allocation does not take "${mapping.feature}" as a feature (a reserved or shared key)`];
  return check("allocation-rule", problems, `allocates to feature ${mapping.feature} by tag`);
}

export function matchesUnallocated(matched: { rows: number; cost: string }): Check {
  return check(
    "matches-unallocated",
    matched.rows ? [] : ["matches no unallocated spend in the last 90 days"],
    `matches ${matched.rows} unallocated allocation row(s), ${fromScaled(toScaled(matched.cost))} effective cost`,
  );
}

/** Uncited claims are flagged, not rejected; an explanation citing nothing is. */
export function explanationChecks(proposal: ExplanationProposal, known: ReadonlySet<string>) {
  const uncited = proposal.claims.flatMap((claim, i) => (claim.citations.length ? [] : [i]));
  const cited = proposal.claims.flatMap((claim) => claim.citations);
  const checks: Check[] = [
    check(
      "subject-exists",
      known.has(proposal.subject) ? [] : [`${proposal.subject} is not known to Vigil`],
      `explains ${proposal.subject}`,
    ),
    evidenceExists(cited, known),
    check(
      "cites-evidence",
      cited.length ? [] : ["no claim cites any evidence"],
      `${proposal.claims.length - uncited.length} of ${proposal.claims.length} claim(s) cited`,
    ),
  ];
  return { checks, uncited };
}
