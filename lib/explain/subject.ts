import { VigilError } from "@/lib/errors";
import { hasLoneSurrogate, isUuid } from "@/lib/validation";

// What "Ask Vigil" may explain, as the ExplanationProposal schema names it: kind:id. A subject
// that can not be one is the caller's mistake (400 naming the field); a well-formed id that names
// nothing is a 404, raised by the kind's loader.

export const SUBJECT_KINDS = ["anomaly", "slo-alert", "drift", "zombie", "policy-finding"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface Subject {
  kind: SubjectKind;
  id: string;
  /** kind:id as cited in the explanation (an id lower-cased, so the same record reads the same). */
  ref: string;
}

const MAX_SUBJECT = 600;
const SLO_ALERT_ID = /^[1-9]\d{0,17}$/;

const refuse = (message: string) => new VigilError("bad_request", `subject: ${message}`, { field: "subject" });

/** The subject's kind and id, or a 400 naming the field and what was wrong. */
export function parseSubject(subject: unknown): Subject {
  if (typeof subject !== "string") throw refuse("must be text such as anomaly:<id>");
  if (subject.length < 3 || subject.length > MAX_SUBJECT) throw refuse(`must be 3 to ${MAX_SUBJECT} characters`);
  if (subject.includes("\0")) throw refuse("must not contain NUL characters");
  if (hasLoneSurrogate(subject)) throw refuse("must be valid Unicode (no lone surrogates)");
  const colon = subject.indexOf(":");
  const kind = subject.slice(0, Math.max(0, colon));
  const id = subject.slice(colon + 1);
  if (colon < 0 || !(SUBJECT_KINDS as readonly string[]).includes(kind))
    throw refuse(`must be kind:id with kind one of ${SUBJECT_KINDS.join(", ")}`);
  if (kind === "slo-alert") {
    if (!SLO_ALERT_ID.test(id)) throw refuse("an SLO alert's id is a whole number");
    return { kind, id, ref: `${kind}:${id}` };
  }
  if (!isUuid(id)) throw refuse(`a ${kind} id is a uuid`);
  const uuid = id.toLowerCase();
  return { kind: kind as SubjectKind, id: uuid, ref: `${kind}:${uuid}` };
}
