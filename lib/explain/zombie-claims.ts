import { claim, clip, type ExplanationClaim, num, shown, stop } from "./claims";

// A zombie finding in a few sentences: which rule matched which resource and on what numbers,
// what tearing it down would save by its bill, who owns it, and whether it may be torn down.

export interface ZombieFacts {
  id: string;
  rule: string;
  kind: string;
  resourceId: string;
  arn: string | null;
  address: string | null;
  name: string | null;
  summary: string;
  evidence: unknown;
  monthlySavings: string | null;
  currency: string | null;
  owner: string | null;
  team: string | null;
  service: string | null;
  environment: string | null;
  status: string;
  confidence: string;
  protected: boolean;
  protectedReason: string | null;
  secondApproval: boolean;
}

const SHOWN_ITEMS = 3;
const OPS: Record<string, string> = { lt: "<", lte: "≤", gt: ">", gte: "≥", eq: "=" };

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);

/** The rule's evidence items as "name value unit (op threshold)", read defensively: it is jsonb a rule wrote. */
export function evidenceItems(evidence: unknown): string[] {
  const items =
    isObject(evidence) && Array.isArray(evidence.items) ? evidence.items : Array.isArray(evidence) ? evidence : [];
  return items.filter(isObject).flatMap((item) => {
    if (typeof item.name !== "string") return [];
    const value =
      typeof item.value === "number"
        ? num(item.value)
        : typeof item.value === "string"
          ? clip(item.value, 60)
          : shown(item.value, 60);
    const unit = typeof item.unit === "string" ? ` ${clip(item.unit, 20)}` : "";
    const op = typeof item.op === "string" ? (OPS[item.op] ?? clip(item.op, 8)) : null;
    const threshold =
      op && (typeof item.threshold === "number" || typeof item.threshold === "string")
        ? ` (rule: ${op} ${typeof item.threshold === "number" ? num(item.threshold) : clip(item.threshold, 40)})`
        : "";
    return [`${clip(item.name, 80)} ${value}${unit}${threshold}`];
  });
}

function evidenceClaim(z: ZombieFacts, subject: string): ExplanationClaim | null {
  const items = evidenceItems(z.evidence);
  if (items.length === 0) return null;
  const more = items.length > SHOWN_ITEMS ? `, and ${items.length - SHOWN_ITEMS} more` : "";
  return claim(`The rule's evidence: ${items.slice(0, SHOWN_ITEMS).join("; ")}${more}.`, subject);
}

function savingClaim(z: ZombieFacts, subject: string): ExplanationClaim {
  if (!z.monthlySavings || !z.currency) return claim("Vigil found no bill for it, so no saving is claimed.", subject);
  return claim(
    `Tearing it down would save about ${clip(z.monthlySavings, 30)} ${clip(z.currency, 3)} a month, from its bill.`,
    subject,
    z.resourceId && `bill:${z.resourceId}`,
    z.arn && `bill:${z.arn}`,
  );
}

function ownerClaim(z: ZombieFacts, subject: string, resource: string | null): ExplanationClaim {
  const who = z.owner ? `It belongs to ${clip(z.owner, 120)}` : "No owner is recorded for it";
  const where = [
    z.team && `team ${clip(z.team, 80)}`,
    z.service && `service ${clip(z.service, 80)}`,
    z.environment && `environment ${clip(z.environment, 60)}`,
  ].filter(Boolean);
  return claim(`${who}${where.length ? ` (${where.join(", ")})` : ""}.`, subject, resource);
}

function stateClaim(z: ZombieFacts, subject: string): ExplanationClaim {
  if (z.protected)
    return claim(
      `It is protected (${clip(z.protectedReason ?? "protected", 200)}): Vigil will not tear it down.`,
      subject,
    );
  const second = z.secondApproval ? "; tearing it down needs a second approval" : "";
  return claim(`Its status is ${clip(z.status, 20)}, with ${clip(z.confidence, 10)} confidence${second}.`, subject);
}

export function zombieClaims(z: ZombieFacts): ExplanationClaim[] {
  const subject = `zombie:${z.id}`;
  const resource = z.address ? `resource:${z.address}` : null;
  const named =
    z.name && z.name !== z.resourceId ? `${clip(z.name, 120)} (${clip(z.resourceId, 200)})` : clip(z.resourceId, 200);
  const at = z.address ? ` at ${clip(z.address, 300)}` : "";
  const first = claim(
    `The ${clip(z.kind, 40)} ${named}${at} matches the ${clip(z.rule, 60)} zombie rule: ${stop(clip(z.summary, 400))}`,
    subject,
    resource,
  );
  return [
    first,
    evidenceClaim(z, subject),
    savingClaim(z, subject),
    ownerClaim(z, subject, resource),
    stateClaim(z, subject),
  ].filter((c): c is ExplanationClaim => c !== null);
}
