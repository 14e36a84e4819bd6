import { claim, clip, type ExplanationClaim, minute, stop } from "./claims";

// A policy finding in a few sentences: which rule the resource breaks, why, how to fix it, where
// it was found and what it counts against, and where it stands.

export interface PolicyFindingFacts {
  id: string;
  tool: string;
  ruleId: string;
  title: string;
  severity: string;
  address: string;
  resourceType: string;
  environment: string;
  file: string | null;
  lineStart: number | null;
  message: string;
  remediation: string;
  controls: readonly string[];
  status: string;
  firstSeen: string;
  resolvedAt: string | null;
  waiver: { reason: string; until: string; by: string } | null;
}

function whereClaim(f: PolicyFindingFacts, subject: string): ExplanationClaim | null {
  const file = f.file ? `It was found in ${clip(f.file, 200)}${f.lineStart ? ` at line ${f.lineStart}` : ""}` : "";
  const controls = f.controls.length
    ? `${file ? "; it" : "It"} counts against ${f.controls.length === 1 ? "control" : "controls"} ${f.controls
        .slice(0, 5)
        .map((c) => clip(c, 60))
        .join(", ")}`
    : "";
  return file || controls ? claim(`${file}${controls}.`, subject) : null;
}

function statusClaim(f: PolicyFindingFacts, subject: string): ExplanationClaim {
  if (f.waiver)
    return claim(
      `It is waived until ${minute(f.waiver.until)} by ${clip(f.waiver.by, 120)}: ${stop(clip(f.waiver.reason, 300))}`,
      subject,
    );
  if (f.resolvedAt) return claim(`It was resolved at ${minute(f.resolvedAt)}.`, subject);
  return claim(`It has been ${clip(f.status, 20)} since ${minute(f.firstSeen)}.`, subject);
}

export function policyFindingClaims(f: PolicyFindingFacts): ExplanationClaim[] {
  const subject = `policy-finding:${f.id}`;
  const type = f.resourceType ? ` (${clip(f.resourceType, 80)})` : "";
  const env = f.environment ? ` in ${clip(f.environment, 60)}` : "";
  const claims = [
    claim(
      `${clip(f.address, 300)}${type}${env} breaks ${clip(f.tool, 20)} rule ${clip(f.ruleId, 120)}: ${clip(f.title, 200)} (${clip(f.severity, 20)} severity).`,
      subject,
      `resource:${f.address}`,
    ),
    claim(
      f.message.trim() ? `Why: ${stop(clip(f.message, 600))}` : "The rule gave no message beyond its title.",
      subject,
    ),
    claim(
      f.remediation.trim()
        ? `To fix it: ${stop(clip(f.remediation, 600))}`
        : `${clip(f.tool, 20)} gave no remediation for this rule.`,
      subject,
    ),
    whereClaim(f, subject),
    statusClaim(f, subject),
  ];
  return claims.filter((c): c is ExplanationClaim => c !== null);
}
