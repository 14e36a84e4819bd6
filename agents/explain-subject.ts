import type { Ctx } from "@/lib/context";
import type { LlmEndpoint } from "./run-agent";

// PLACEHOLDER so branch agent-prop compiles: helper "explain" owns this file (branch agent-explain);
// its rule-based and model explanations replace this one on merge. Until then every explanation
// is stored rejected, saying why.

export async function explainSubject(
  requestedBy: Ctx,
  subject: string,
  opts?: { llm?: LlmEndpoint | null },
): Promise<{
  source: "llm" | "rule-based";
  runId: string | null;
  model: string | null;
  answer: unknown;
  failure: { reason: string; detail: string } | null;
}> {
  void requestedBy;
  void opts;
  return {
    source: "rule-based",
    runId: null,
    model: null,
    answer: { kind: "explanation", subject, claims: [] },
    failure: { reason: "not_merged", detail: "explanations come with branch agent-explain" },
  };
}
