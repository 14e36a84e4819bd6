import { authorize, type Ctx } from "../context";
import type { AgentSettings } from "./agent-settings-schema";
import { llmConfig } from "../env";
import { getAgentSettings } from "./get-agent-settings";

export interface AgentMode {
  /** "llm" when a model is configured and an admin has not switched it off. */
  mode: "llm" | "rule-based";
  /** What is configured, shown even while switched off; null without VIGIL_LLM_MODEL. */
  model: string | null;
  endpointHost: string | null;
  modelEnabled: boolean;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "unparseable endpoint";
  }
}

/** Whether the agent's runs go to a model or to the rule-based templates, and which model. */
export async function agentMode(ctx: Ctx): Promise<AgentMode> {
  const [llm, { modelEnabled }] = [llmConfig(), await getAgentSettings(ctx)];
  return {
    mode: llm && modelEnabled ? "llm" : "rule-based",
    model: llm?.model ?? null,
    endpointHost: llm ? hostOf(llm.baseUrl) : null,
    modelEnabled,
  };
}

/** The agent's settings with the model in effect, for the admins' Settings page and API. */
export async function describeAgentSettings(ctx: Ctx): Promise<AgentSettings & AgentMode> {
  authorize(ctx, "settings:read");
  return { ...(await getAgentSettings(ctx)), ...(await agentMode(ctx)) };
}
