import { randomUUID } from "node:crypto";
import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import { type AgentRunRecord, recordAgentRun } from "@/lib/audit/record-agent-run";
import type { Ctx } from "@/lib/context";
import { llmConfig } from "@/lib/env";
import { getAgentSettings } from "@/lib/settings/get-agent-settings";
import { withSpan } from "@/lib/telemetry";
import { agentCtx } from "./agent-ctx";
import { type AgentData, openingMessages, promptHash } from "./agent-prompt";
import { callTool } from "./call-tool";
import { redactValue } from "./redact";
import { clipStrings } from "./tools/bound-output";
import { toolByName, toolDefinitions } from "./tools/registry";

// The only file that imports `openai`: one run of the agent against any OpenAI-compatible endpoint.

export interface AgentBudgets {
  /** Model calls at most (each may ask for tools); the run fails when the last one still asks. */
  maxSteps: number;
  /** Prompt and completion tokens over the whole run, as the endpoint reports them. */
  maxTokens: number;
  /** Wall-clock time of the whole run, tools included. */
  timeoutMs: number;
}

export const DEFAULT_BUDGETS: AgentBudgets = { maxSteps: 8, maxTokens: 60_000, timeoutMs: 120_000 };
/** Tool calls one model reply may ask for; the rest are answered with a refusal. */
export const MAX_CALLS_PER_STEP = 8;

export interface LlmEndpoint {
  baseUrl: string;
  model: string;
  apiKey: string | null;
}

export interface RunAgentInput<T> {
  /** Vigil's own instruction (what to explain or propose): the one part that is not data. */
  task: string;
  data?: readonly AgentData[];
  /** The structured answer asked for: its JSON Schema goes to the model, the answer is parsed with it. */
  answer: { name: string; schema: z.ZodType<T> };
  /** The tools offered, by name; default every read-only tool. */
  tools?: readonly string[];
  budgets?: Partial<AgentBudgets>;
  /** The endpoint; default VIGIL_LLM_* from lib/env.ts, and null (no model) means rule-based. */
  llm?: LlmEndpoint | null;
  signal?: AbortSignal;
}

export type FailureReason =
  "timeout" | "aborted" | "step_budget" | "token_budget" | "malformed_answer" | "endpoint_error";

export type AgentResult<T> =
  | { source: "rule-based" }
  | { source: "llm"; runId: string; outcome: "answered"; answer: T; steps: number; tokens: number }
  | { source: "llm"; runId: string; outcome: "failed"; reason: FailureReason; detail: string; steps: number };

class RunFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    detail: string,
  ) {
    super(detail);
  }
}

interface RunState {
  steps: number;
  tokens: AgentRunRecord["tokens"];
  tools: AgentRunRecord["tools"];
}

/**
 * Runs the agent for whoever asked (`requestedBy`), with the agent's own read-only actor: a
 * tool-calling loop bounded by steps, tokens and time, then a JSON answer checked against the
 * schema asked for. Every run is audited, answered or failed. Without a model: rule-based.
 */
export async function runAgent<T>(requestedBy: Ctx, input: RunAgentInput<T>): Promise<AgentResult<T>> {
  const ctx = agentCtx(requestedBy);
  const llm = input.llm === undefined ? llmConfig() : input.llm;
  if (!llm) return { source: "rule-based" };
  // An admin's switch applies to every run, an explicitly given endpoint included.
  const { dataClasses, modelEnabled } = await getAgentSettings(ctx);
  if (!modelEnabled) return { source: "rule-based" };
  const budgets = { ...DEFAULT_BUDGETS, ...input.budgets };
  const runId = randomUUID();
  const started = performance.now();
  const opening = openingMessages(input.task, input.data ?? [], dataClasses);
  const state: RunState = { steps: 0, tokens: { prompt: 0, completion: 0, total: 0 }, tools: [] };
  const timeout = AbortSignal.timeout(budgets.timeoutMs);
  const signal = input.signal ? AbortSignal.any([timeout, input.signal]) : timeout;
  let result: AgentResult<T>;
  try {
    const answer = await withSpan("agent.run", { "vigil.agent.run_id": runId }, () =>
      loop(
        { ctx, llm, budgets, signal, input, dataClasses, state },
        opening.messages.map(({ role, content }): ChatCompletionMessageParam =>
          role === "system" ? { role, content } : { role, content },
        ),
      ),
    );
    result = { source: "llm", runId, outcome: "answered", answer, steps: state.steps, tokens: state.tokens.total };
  } catch (err) {
    const failure = asFailure(err, timeout, input.signal);
    result = {
      source: "llm",
      runId,
      outcome: "failed",
      reason: failure.reason,
      detail: failure.message,
      steps: state.steps,
    };
  }
  await recordAgentRun(ctx, {
    runId,
    model: llm.model,
    endpointHost: hostOf(llm.baseUrl),
    promptHash: promptHash(opening.messages),
    tools: state.tools,
    tokens: state.tokens,
    durationMs: Math.round(performance.now() - started),
    steps: state.steps,
    outcome: result.outcome,
    reason: result.outcome === "failed" ? `${result.reason}: ${result.detail}`.slice(0, 500) : null,
  });
  return result;
}

interface LoopArgs<T> {
  ctx: Ctx;
  llm: LlmEndpoint;
  budgets: AgentBudgets;
  signal: AbortSignal;
  input: RunAgentInput<T>;
  dataClasses: Awaited<ReturnType<typeof getAgentSettings>>["dataClasses"];
  state: RunState;
}

async function loop<T>(args: LoopArgs<T>, opening: ChatCompletionMessageParam[]): Promise<T> {
  const { llm, budgets, signal, input, state } = args;
  // No retries: a retry would spend the budgets twice and hide a failing endpoint from the audit.
  const client = new OpenAI({
    baseURL: llm.baseUrl,
    apiKey: llm.apiKey ?? "none",
    maxRetries: 0,
    timeout: budgets.timeoutMs,
  });
  const tools: ChatCompletionTool[] = toolDefinitions(input.tools).map((tool) => ({
    type: "function",
    function: tool,
  }));
  const schema = z.toJSONSchema(input.answer.schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  const messages = [...opening];
  while (state.steps < budgets.maxSteps) {
    if (state.tokens.total >= budgets.maxTokens)
      throw new RunFailure("token_budget", `${state.tokens.total} tokens used of ${budgets.maxTokens}`);
    state.steps += 1;
    const completion = await client.chat.completions.create(
      {
        model: llm.model,
        messages,
        ...(tools.length > 0 ? { tools, tool_choice: "auto" as const } : {}),
        response_format: { type: "json_schema", json_schema: { name: input.answer.name, schema, strict: false } },
      },
      { signal },
    );
    state.tokens.prompt += completion.usage?.prompt_tokens ?? 0;
    state.tokens.completion += completion.usage?.completion_tokens ?? 0;
    state.tokens.total += completion.usage?.total_tokens ?? 0;
    const message = completion.choices?.[0]?.message;
    if (!message) throw new RunFailure("endpoint_error", "the endpoint answered without a message");
    if (!message.tool_calls?.length) return parseAnswer(message.content, input.answer.schema);
    messages.push({ role: "assistant", content: message.content ?? null, tool_calls: message.tool_calls });
    messages.push(...(await runToolCalls(args, message.tool_calls)));
    if (signal.aborted) throw signal.reason;
  }
  throw new RunFailure("step_budget", `no answer after ${budgets.maxSteps} steps`);
}

type ToolCall = NonNullable<OpenAI.Chat.Completions.ChatCompletionMessage["tool_calls"]>[number];

async function runToolCalls<T>(args: LoopArgs<T>, calls: ToolCall[]): Promise<ChatCompletionMessageParam[]> {
  const replies: ChatCompletionMessageParam[] = [];
  for (const [index, call] of calls.entries()) {
    const name = call.type === "function" ? call.function.name : call.custom.name;
    const raw = call.type === "function" ? call.function.arguments : call.custom.input;
    let content: string;
    // A read-only tool the caller did not offer is refused: offering is the limit, not a hint.
    // (An unknown name goes on to callTool, which refuses it as no tool of Vigil's.)
    const offered = !args.input.tools || args.input.tools.includes(name) || !toolByName(name);
    let refused = call.type !== "function" || index >= MAX_CALLS_PER_STEP || !offered;
    if (call.type !== "function") content = `Refused: ${JSON.stringify(name.slice(0, 80))} is not a function tool.`;
    else if (index >= MAX_CALLS_PER_STEP) content = `Refused: at most ${MAX_CALLS_PER_STEP} tool calls per reply.`;
    else if (!offered) content = `Refused: ${JSON.stringify(name.slice(0, 80))} is not offered in this run.`;
    else {
      const parsed = parseArguments(raw);
      const result = parsed.ok
        ? await callTool(args.ctx, name, parsed.value, args.dataClasses)
        : { content: `Invalid arguments: ${parsed.error}`, refused: false };
      content = result.content;
      refused = result.refused;
    }
    args.state.tools.push({ name: name.slice(0, 80), arguments: clipStrings(redactValue(raw).value), refused });
    replies.push({ role: "tool", tool_call_id: call.id, content });
  }
  return replies;
}

function parseArguments(raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: raw.trim() === "" ? {} : JSON.parse(raw) };
  } catch {
    return { ok: false, error: "the arguments are not valid JSON" };
  }
}

function parseAnswer<T>(content: string | null | undefined, schema: z.ZodType<T>): T {
  if (!content) throw new RunFailure("malformed_answer", "the model answered with no content");
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new RunFailure("malformed_answer", "the answer is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new RunFailure(
      "malformed_answer",
      `the answer does not match the schema at ${first.path.join(".") || "its root"}: ${first.message}`,
    );
  }
  return parsed.data;
}

function asFailure(err: unknown, timeout: AbortSignal, callerSignal: AbortSignal | undefined): RunFailure {
  if (err instanceof RunFailure) return err;
  if (timeout.aborted || err instanceof OpenAI.APIConnectionTimeoutError)
    return new RunFailure("timeout", "the run took longer than its time budget");
  if (callerSignal?.aborted) return new RunFailure("aborted", "the caller stopped the run");
  if (err instanceof OpenAI.APIError)
    return new RunFailure("endpoint_error", `the endpoint answered ${err.status ?? "no status"}`);
  // Neither the message nor the stack goes to the audit: they could hold the endpoint's URL or key.
  console.error("agent run failed", err);
  return new RunFailure("endpoint_error", "the model could not be reached");
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return "invalid";
  }
}
