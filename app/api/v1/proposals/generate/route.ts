import { agentProposalRunner } from "@/agents/propose";
import { apiRoute } from "@/lib/http/api-route";
import { generateProposals } from "@/lib/proposals/generate-proposals";

export const dynamic = "force-dynamic";

/** Runs a round of proposals now (the model's when one is configured, else rule-based): 200 with the counts. */
export const POST = apiRoute("POST /api/v1/proposals/generate", async (ctx) =>
  Response.json(await generateProposals(ctx, { runner: agentProposalRunner() }), {
    headers: { "cache-control": "no-store" },
  }),
);
