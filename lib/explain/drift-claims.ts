import { claim, clip, type ExplanationClaim, minute, plural, shown } from "./claims";

// A drift record in a few sentences: what changed on which address, which attributes, the likely
// cause, and what it did to cost, policy and the traces of the services it serves.

export interface DriftFacts {
  id: string;
  workspace: string;
  address: string;
  kind: string;
  cloudId: string | null;
  changes: readonly { path: string; before: unknown; after: unknown }[];
  cause: string;
  costImpact: {
    resourceId: string | null;
    sizeChanges: readonly { path: string; before: unknown; after: unknown }[];
    daily: readonly { currency: string; before: string | null; after: string | null }[];
  } | null;
  policyImpact: readonly { ruleId: string; severity: string; title: string }[] | null;
  status: string;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
  pendingChange?: { actions: readonly string[] } | null;
  traceImpact?: { changed: readonly { service: string; findings: readonly string[] }[] } | null;
}

const KINDS: Record<string, string> = {
  changed: "was changed outside Terraform: its attributes differ from the state",
  missing: "is missing: it was deleted outside Terraform",
  unmanaged: "exists in the cloud but in no Terraform state",
};

const CAUSES: Record<string, string> = {
  "manual-change": "a change made by hand, outside Terraform",
  "unapplied-code": "code that was changed but not applied yet",
  "provider-version": "a new Terraform or provider version reading the resource differently",
  unknown: "not determined from the evidence Vigil has",
};

const SHOWN_CHANGES = 3;

function changesClaim(d: DriftFacts, subject: string): ExplanationClaim | null {
  if (d.changes.length === 0) return null;
  const listed = d.changes
    .slice(0, SHOWN_CHANGES)
    .map((c) => `${clip(c.path, 120)} ${shown(c.before)} → ${shown(c.after)}`);
  const more = d.changes.length > SHOWN_CHANGES ? `, and ${d.changes.length - SHOWN_CHANGES} more` : "";
  return claim(`What differs: ${listed.join("; ")}${more}.`, subject);
}

function causeClaim(d: DriftFacts, subject: string): ExplanationClaim {
  const pending = d.pendingChange?.actions.length
    ? ` A plan not yet applied would ${d.pendingChange.actions.map((a) => clip(a, 20)).join(" and ")} it.`
    : "";
  return claim(`Likely cause: ${CAUSES[d.cause] ?? clip(d.cause, 40)}.${pending}`, subject);
}

function costClaim(d: DriftFacts, subject: string): ExplanationClaim | null {
  if (!d.costImpact) return null;
  const size = d.costImpact.sizeChanges[0];
  const sized = size ? `${clip(size.path, 80)} changed from ${shown(size.before)} to ${shown(size.after)}` : "";
  const daily = d.costImpact.daily;
  if (daily.length === 0)
    return sized
      ? claim(`Its size changed: ${sized}; Vigil has no bill from around the drift to price it.`, subject)
      : null;
  const money = daily
    .slice(0, 2)
    .map((c) => `from ${c.before ?? "nothing"} to ${c.after ?? "nothing"} ${clip(c.currency, 3)} a day`);
  const billed = d.costImpact.resourceId || d.cloudId;
  return claim(
    `Its cost went ${money.join(" and ")}${sized ? `, after ${sized}` : ""}.`,
    subject,
    billed && `bill:${billed}`,
  );
}

function policyClaim(d: DriftFacts, subject: string, resource: string): ExplanationClaim | null {
  const broken = d.policyImpact ?? [];
  if (broken.length === 0) return null;
  const rules = broken.slice(0, 3).map((p) => `${clip(p.title, 160)} (${clip(p.severity, 20)})`);
  const more = broken.length > 3 ? `, and ${broken.length - 3} more` : "";
  return claim(
    `The drifted values break ${plural(broken.length, "policy rule")} they did not before: ${rules.join("; ")}${more}.`,
    subject,
    resource,
  );
}

function traceClaim(d: DriftFacts, subject: string): ExplanationClaim | null {
  const changed = d.traceImpact?.changed ?? [];
  if (changed.length === 0) return null;
  const services = changed.slice(0, 3).map((s) => `${clip(s.service, 80)} (${clip(s.findings[0] ?? "changed", 120)})`);
  return claim(`Traces changed around its detection: ${services.join("; ")}.`, subject);
}

export function driftClaims(d: DriftFacts): ExplanationClaim[] {
  const subject = `drift:${d.id}`;
  const resource = `resource:${d.address}`;
  const state = d.resolvedAt ? `resolved at ${minute(d.resolvedAt)}` : `still open, last seen ${minute(d.lastSeen)}`;
  const first = claim(
    `${clip(d.address, 300)} in workspace ${clip(d.workspace, 100)} ${KINDS[d.kind] ?? `drifted (${clip(d.kind, 20)})`}; first seen ${minute(d.firstSeen)}, ${state}.`,
    subject,
    resource,
  );
  const rest = [
    changesClaim(d, subject),
    causeClaim(d, subject),
    costClaim(d, subject),
    policyClaim(d, subject, resource),
    traceClaim(d, subject),
  ].filter((c): c is ExplanationClaim => c !== null);
  return [first, ...rest].slice(0, 6);
}
