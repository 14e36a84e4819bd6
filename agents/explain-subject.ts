import { ExplanationProposal } from "@/lib/agent/schemas";
import type { Ctx } from "@/lib/context";
import { llmConfig } from "@/lib/env";
import { explainByRules } from "@/lib/explain/explain-by-rules";
import type { SubjectKind } from "@/lib/explain/subject";
import { type LlmEndpoint, runAgent } from "./run-agent";

// "Ask Vigil": an explanation of an anomaly, SLO alert, drift or finding that cites its evidence.
// Without a model the rule-based template answers; with one, the agent gets the subject as data
// (never as instructions), a few read-only tools about it, and must answer with an explanation.

export interface ExplainResult {
  source: "llm" | "rule-based";
  runId: string | null;
  model: string | null;
  answer: unknown;
  failure: { reason: string; detail: string } | null;
}

/** The read-only tools that bear on each kind: the model is offered these and no others. */
export const EXPLAIN_TOOLS: Record<SubjectKind, readonly string[]> = {
  anomaly: ["get_anomaly", "list_anomalies", "get_drift", "list_drift", "service_spend"],
  "slo-alert": ["get_slo", "list_slos", "list_anomalies", "get_anomaly"],
  drift: ["get_drift", "list_drift", "list_policy_findings", "list_inventory", "cost_breakdown"],
  zombie: ["get_zombie_finding", "list_zombie_findings", "list_inventory", "cost_breakdown"],
  "policy-finding": ["list_policy_findings", "list_inventory", "list_drift", "get_drift"],
};

function taskFor(subject: string): string {
  return [
    `Explain ${subject} to the engineer who asked, in 2 to 6 short claims in plain words.`,
    `Answer with kind "explanation" and subject "${subject}".`,
    "Each claim cites the evidence ids it rests on, as kind:id (the subject itself, and the other ids",
    "listed in the data or returned by the tools). Cite only ids you were given; a claim you can not",
    "back with an id is left without citations and shown flagged. What happened, how big against its",
    "baseline or threshold, the likeliest cause, and what it costs or breaks, where the data says so.",
  ].join("\n");
}

export async function explainSubject(
  requestedBy: Ctx,
  subject: string,
  opts: { llm?: LlmEndpoint | null; asOf?: Date; signal?: AbortSignal } = {},
): Promise<ExplainResult> {
  // The subject is read (and refused when malformed or unknown) before any model is called.
  const rules = await explainByRules(requestedBy, subject, { asOf: opts.asOf });
  const llm = opts.llm === undefined ? llmConfig() : opts.llm;
  const ruleBased: ExplainResult = {
    source: "rule-based",
    runId: null,
    model: null,
    answer: rules.answer,
    failure: null,
  };
  if (!llm) return ruleBased;
  const ref = rules.subject.ref;
  const result = await runAgent(requestedBy, {
    task: taskFor(ref),
    data: [
      { source: ref, dataClass: rules.dataClass, value: rules.record },
      { source: "evidence ids Vigil holds about it", dataClass: "findings", value: rules.evidenceIds },
      // Vigil's own template reading, a starting point the model may check and go beyond.
      { source: "rule-based explanation", dataClass: rules.dataClass, value: rules.answer.claims },
    ],
    answer: { name: "explanation", schema: ExplanationProposal },
    tools: EXPLAIN_TOOLS[rules.subject.kind],
    llm,
    signal: opts.signal,
  });
  if (result.source === "rule-based") return ruleBased;
  const base = { source: "llm" as const, runId: result.runId, model: llm.model };
  if (result.outcome === "failed")
    return {
      ...base,
      // No explanation, but the subject it was asked about, so the failed run is stored against it.
      answer: { kind: "explanation", subject: ref, claims: [] },
      failure: { reason: result.reason, detail: result.detail },
    };
  if (result.answer.subject !== ref)
    return {
      ...base,
      answer: result.answer,
      failure: {
        reason: "wrong_subject",
        detail: `the model explained ${result.answer.subject.slice(0, 200)}, not ${ref}`,
      },
    };
  return { ...base, answer: result.answer, failure: null };
}
