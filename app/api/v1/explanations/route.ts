import { explainSubject } from "@/agents/explain-subject";
import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { explainAndStore } from "@/lib/proposals/explain-and-store";

export const dynamic = "force-dynamic";

/** { subject: kind:id } → 201 with the stored explanation (checked like any proposal). */
export const POST = apiRoute("POST /api/v1/explanations", async (ctx, request) =>
  explainAndStore(ctx, await jsonBody(request), explainSubject),
);
