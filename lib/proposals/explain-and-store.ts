import { authorize, type Ctx } from "@/lib/context";
import { parseInput } from "@/lib/validation";
import { ExplanationRequest } from "./schemas";
import { storeProposal } from "./store-proposal";
import type { ProposalView } from "./types";

/** The port agents/explain-subject.ts implements: an explanation, the model's or the templates'. */
export type Explainer = (
  requestedBy: Ctx,
  subject: string,
) => Promise<{
  source: "llm" | "rule-based";
  runId: string | null;
  model: string | null;
  answer: unknown;
  failure: { reason: string; detail: string } | null;
}>;

/** Explains one subject and stores the explanation through the validator, like any proposal. */
export async function explainAndStore(ctx: Ctx, input: unknown, explain: Explainer): Promise<ProposalView> {
  authorize(ctx, "agent:run");
  const { subject } = parseInput(ExplanationRequest, input);
  const result = await explain(ctx, subject);
  return storeProposal(ctx, { ...result, kind: "explanation" });
}
