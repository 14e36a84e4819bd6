import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A local OpenAI-compatible endpoint (POST /v1/chat/completions) that replays a scripted
// conversation and keeps every request it received, so tests can check what reached "the model".

export interface FakeUsage {
  prompt: number;
  completion: number;
}

export type FakeReply =
  | { toolCalls: { name: string; arguments: string | Record<string, unknown> }[]; usage?: FakeUsage }
  | { content: string; usage?: FakeUsage }
  /** Never answers: the client's time budget has to end the wait. */
  | { hang: true }
  | { status: number; body: unknown };

export interface ChatMessage {
  role: string;
  content?: string | null;
  tool_call_id?: string;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: { type: string; function: { name: string; description: string; parameters: unknown } }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
}

/** A list of replies played in order, or a function choosing each reply from what was received. */
export type FakeScript = readonly FakeReply[] | ((request: ChatRequest, index: number) => FakeReply);

export interface FakeLlm {
  /** The base URL to give the agent, ending in /v1. */
  baseUrl: string;
  /** Every chat request received, parsed, in order. */
  requests: ChatRequest[];
  /** The raw bodies, byte for byte as they arrived. */
  rawBodies: string[];
  /** The Authorization header of each request. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

const DEFAULT_USAGE: FakeUsage = { prompt: 100, completion: 20 };

function completion(reply: Extract<FakeReply, { content: string } | { toolCalls: unknown }>, model: string, n: number) {
  const usage = reply.usage ?? DEFAULT_USAGE;
  const toolCalls =
    "toolCalls" in reply
      ? reply.toolCalls.map((call, index) => ({
          id: `call_${n}_${index}`,
          type: "function",
          function: {
            name: call.name,
            arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
          },
        }))
      : undefined;
  return {
    id: `chatcmpl-fake-${n}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "content" in reply ? reply.content : null, tool_calls: toolCalls },
        finish_reason: toolCalls ? "tool_calls" : "stop",
      },
    ],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
    },
  };
}

async function readAll(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Starts the fake endpoint on a loopback port (a free one unless given). */
export async function startFakeLlm(script: FakeScript, port = 0): Promise<FakeLlm> {
  const requests: ChatRequest[] = [];
  const rawBodies: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const next = (request: ChatRequest, index: number): FakeReply | undefined =>
    typeof script === "function" ? script(request, index) : script[index];
  const server = createServer(async (request, response) => {
    if (request.method === "GET" && request.url === "/health") return send(response, 200, { ok: true });
    if (request.method !== "POST" || request.url !== "/v1/chat/completions")
      return send(response, 404, { error: { message: "no such endpoint" } });
    const raw = await readAll(request);
    rawBodies.push(raw);
    authorizations.push(request.headers.authorization);
    const body = JSON.parse(raw) as ChatRequest;
    requests.push(body);
    const reply = next(body, requests.length - 1);
    if (!reply) return send(response, 500, { error: { message: "the script has no more replies" } });
    if ("hang" in reply) return;
    if ("status" in reply) return send(response, reply.status, reply.body);
    send(response, 200, completion(reply, body.model, requests.length));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${bound}/v1`,
    requests,
    rawBodies,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every message text the fake model received, tool results included, in order. */
export function receivedTexts(llm: Pick<FakeLlm, "requests">): string[] {
  return llm.requests.flatMap((request) => request.messages.map((message) => message.content ?? ""));
}
