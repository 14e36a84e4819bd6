// The decision form's values as POST /api/v1/zombies/{id}/decision takes them, and which decisions a
// finding's status still allows (the API refuses the others with a 409; the form does not offer them).

export type Action = "approve" | "reject" | "snooze" | "done";
export type DecisionField = "reason" | "until" | "confirm" | "form";

export interface DecisionValues {
  action: Action;
  reason: string;
  /** A UTC day, YYYY-MM-DD, from a date input. */
  until: string;
  confirm: string;
}

const UNDECIDED = ["new", "notified", "snoozed"];

/** The decisions open to a finding in this state; approving a protected resource is never one. */
export function actionsFor(finding: { status: string; protected: boolean }): Action[] {
  if (UNDECIDED.includes(finding.status))
    return finding.protected ? ["reject", "snooze"] : ["approve", "reject", "snooze"];
  if (finding.status === "approved" || finding.status === "planned") return ["done"];
  return [];
}

/** The request body: `until` only for a snooze (midnight UTC of the day), `confirm` only for a second-approval approve. */
export function decisionBody(values: DecisionValues, secondApproval: boolean): Record<string, string> {
  const body: Record<string, string> = { action: values.action, reason: values.reason };
  if (values.action === "snooze" && values.until) body.until = `${values.until}T00:00:00Z`;
  if (values.action === "approve" && secondApproval) body.confirm = values.confirm;
  return body;
}

/** Where the API's refusal shows: under the field it names, or above the buttons. */
export const decisionFieldOf = (field: string | null): DecisionField =>
  field === "reason" || field === "until" || field === "confirm" ? field : "form";

/** The day after `now` (UTC), the earliest a snooze may end, as a date input's `min`. */
export const tomorrow = (now: Date) => new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
