import type { Evidence } from "./evidence";
import { monthlySavings } from "./monthly-savings";
import { needsSecondApproval, protectionOf } from "./protection";
import { resourceFields } from "./resource-fields";
import type { Finding } from "./rules/finding";
import type { DetectedFinding } from "./store-findings";
import type { Thresholds } from "./thresholds";

// A rule's finding as the queue stores it: with the monthly saving (the last 30 days' effective
// cost; the largest currency is the headline, every currency is in the evidence), the owner, the
// protection verdict and whether a second approver is needed.

const OWNER_TAGS = ["owner", "contact", "created-by", "createdby"];

function ownerOf(evidence: Evidence): string | null {
  const tags = Object.entries(evidence.resource.tags);
  const owner = OWNER_TAGS.map((key) => tags.find(([k]) => k.toLowerCase() === key)?.[1]).find(Boolean);
  return owner ?? evidence.resource.team ?? null;
}

function headline(savings: ReturnType<typeof monthlySavings>) {
  if (!savings.length) return { amount: null, currency: null };
  const top = savings.reduce((best, s) => (Number(s.amount) > Number(best.amount) ? s : best));
  return { amount: top.amount, currency: top.currency };
}

export function detectedFinding(
  finding: Finding,
  evidence: Evidence,
  thresholds: Thresholds,
  now: Date,
): DetectedFinding {
  const { resource } = evidence;
  const savings = monthlySavings(evidence, now);
  const protection = protectionOf(resource, finding.rule, thresholds);
  const second = needsSecondApproval(resource, thresholds.productionEnvironments);
  const top = headline(savings);
  return {
    rule: finding.rule,
    ...resourceFields(resource),
    provider: resource.provider,
    environment: resource.environment ?? null,
    owner: ownerOf(evidence),
    managed: Boolean(resource.address),
    monthlySavings: top.amount,
    currency: top.currency,
    confidence: finding.confidence,
    protected: protection.protected,
    protectedReason: protection.reason,
    secondApproval: second.required,
    summary: finding.summary,
    evidence: {
      items: finding.evidence,
      window: finding.window,
      notes: finding.notes,
      confidenceReason: finding.confidenceReason,
      savings,
      secondApprovalReason: second.reason,
      state: resource.state ?? null,
      tags: resource.tags,
    },
  };
}
