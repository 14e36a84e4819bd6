import { loadEvidence } from "@/lib/agent/load-evidence";
import type { ExplanationProposal } from "@/lib/agent/schemas";
import { authorize, type Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import type { DataClass } from "@/lib/settings/agent-settings-schema";
import { withSpan } from "@/lib/telemetry";
import { citeKnown, explanation, wantedEvidence } from "./claims";
import { parseSubject, type Subject } from "./subject";
import { SUBJECT_LOADERS } from "./subject-loaders";

// "Ask Vigil" without a model: the subject read through its domain's verb and explained by a
// template, each claim citing only evidence Vigil holds, so the validator's evidence checks pass.
// The same read hands a model its data when one is configured.

export interface RuleExplanation {
  subject: Subject;
  /** The subject as Vigil read it, for a model as data. */
  record: unknown;
  dataClass: DataClass;
  /** Evidence ids Vigil holds that bear on the subject, the subject first. */
  evidenceIds: string[];
  answer: ExplanationProposal;
}

/** The subject's rule-based explanation; a 400 for a malformed subject, a 404 when it names nothing. */
export async function explainByRules(
  ctx: Ctx,
  subject: unknown,
  options: { asOf?: Date; now?: Date } = {},
): Promise<RuleExplanation> {
  authorize(ctx, "read");
  const parsed = parseSubject(subject);
  const asOf = options.asOf ?? new Date();
  return withSpan("explainByRules", { "vigil.explain.kind": parsed.kind }, async () => {
    const loaded = await SUBJECT_LOADERS[parsed.kind](ctx, parsed.id, options.now ?? new Date()).catch((err) => {
      if (err instanceof VigilError && err.code === "not_found")
        throw new VigilError("not_found", `subject: no ${parsed.kind} ${parsed.id}`, { field: "subject" });
      throw err;
    });
    const wanted = [parsed.ref, ...wantedEvidence(loaded.claims)];
    const known = await loadEvidence(wanted, asOf);
    return {
      subject: parsed,
      record: loaded.record,
      dataClass: loaded.dataClass,
      evidenceIds: [...new Set(wanted)].filter((id) => known.has(id)),
      answer: explanation(parsed.ref, citeKnown(loaded.claims, known)),
    };
  });
}
