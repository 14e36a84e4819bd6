import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/mcp/route";
import { closeDb, pool } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import { INJECTION, PLANTED_SECRETS, plantResource } from "@/test/agent-plants";
import { bearerKey } from "@/test/http-callers";
import { DATA_BEGIN, outsideData } from "./data-markers";
import { READ_ONLY_TOOLS } from "./tools/registry";

// The MCP server as other assistants reach it: the SDK's own client, over streamable HTTP through
// the route handler app/mcp/route.ts exports, and over stdio through `npm run vigil -- mcp`.

const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await closeDb();
});

/** fetch that hands POSTs to the route handler as Next would, and answers others as Next does (405). */
const routeFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  if (request.method !== "POST") return new Response(null, { status: 405 });
  return POST(request, { params: Promise.resolve({}) });
};

async function httpClient(authorization?: string): Promise<Client> {
  const client = new Client({ name: "vigil-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${publicUrl()}/mcp`), {
    fetch: routeFetch,
    requestInit: { headers: authorization ? { authorization } : {} },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

function ping(headers: Record<string, string>): Promise<Response> {
  const request = new Request(`${publicUrl()}/mcp`, {
    method: "POST",
    headers: { accept: "application/json, text/event-stream", "content-type": "application/json", ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
  });
  return POST(request, { params: Promise.resolve({}) });
}

const textOf = (result: Awaited<ReturnType<Client["callTool"]>>) =>
  (result.content as { type: string; text: string }[]).map((item) => item.text).join("\n");

describe("MCP over streamable HTTP", () => {
  it("lists exactly the read-only tools, marked read-only, to a read key", async () => {
    const client = await httpClient(await bearerKey(["read"]));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(READ_ONLY_TOOLS.map((tool) => tool.name));
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    }
  });

  it("calls a tool and answers redacted data between markers", async () => {
    const { cloudId } = await plantResource();
    const client = await httpClient(await bearerKey(["read"]));
    const result = await client.callTool({ name: "list_inventory", arguments: { q: cloudId } });
    const text = textOf(result);
    expect(result.isError).toBe(false);
    expect(text.startsWith(DATA_BEGIN)).toBe(true);
    expect(text).toContain(cloudId);
    expect(text).toContain(INJECTION);
    expect(outsideData(text)).not.toContain(INJECTION);
    for (const secret of Object.values(PLANTED_SECRETS)) expect(text).not.toContain(secret);
  });

  it("refuses a tool outside the registry and answers bad arguments as a tool error", async () => {
    const client = await httpClient(await bearerKey(["read"]));
    const marker = `ghp_${randomBytes(18).toString("hex")}`;
    const refused = await client.callTool({ name: "delete_database", arguments: { name: "*", token: marker } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^Refused: "delete_database"/);
    // Audited as the agent for the key that connected, with the arguments redacted.
    const { rows } = await pool().query<{ actor_kind: string; summary: { refused: boolean; arguments: string } }>(
      "SELECT actor_kind, summary FROM audit_entry WHERE action = 'agent.mcp_tool_call' AND target_id = 'delete_database' ORDER BY seq DESC LIMIT 1",
    );
    expect(rows[0]).toMatchObject({ actor_kind: "agent", summary: { refused: true } });
    expect(rows[0]?.summary.arguments).toContain('"name":"*"');
    expect(rows[0]?.summary.arguments).not.toContain(marker);
    const invalid = await client.callTool({ name: "get_slo", arguments: { id: "1; DROP TABLE slo" } });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/^Invalid arguments for get_slo: id: /);
  });

  it("refuses a missing, invalid or revoked-looking key, and a key without read", async () => {
    await expect(httpClient()).rejects.toThrow();
    await expect(httpClient("Bearer vgl_nope_nope")).rejects.toThrow();
    const missing = await ping({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="vigil"');
    expect((await ping({ authorization: "Bearer vgl_abcdefgh_not-a-real-key" })).status).toBe(401);
    expect((await ping({ authorization: "Basic dXNlcjpwYXNz" })).status).toBe(401);
    expect((await ping({ authorization: await bearerKey(["ingest:traces"]) })).status).toBe(403);
    expect((await ping({ authorization: await bearerKey(["read"]) })).status).toBe(200);
  });

  it("refuses malformed JSON-RPC without a 5xx", async () => {
    const authorization = await bearerKey(["read"]);
    for (const body of [
      "{not json",
      "",
      "\u0000",
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "x".repeat(10_000) }),
    ]) {
      const request = new Request(`${publicUrl()}/mcp`, {
        method: "POST",
        headers: { accept: "application/json, text/event-stream", "content-type": "application/json", authorization },
        body,
      });
      const response = await POST(request, { params: Promise.resolve({}) });
      expect(response.status, body.slice(0, 20)).toBeLessThan(500);
    }
  });
});

describe("MCP over stdio (npm run vigil -- mcp)", () => {
  it("lists and calls the same tools", async () => {
    const root = path.resolve(import.meta.dirname, "..");
    const client = new Client({ name: "vigil-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ["--import", "tsx", path.join(root, "runtime", "vigil.ts"), "mcp"],
        cwd: root,
        env: {
          PATH: process.env.PATH ?? "",
          DATABASE_URL: process.env.DATABASE_URL as string,
          VIGIL_DATA_DIR: path.join(os.tmpdir(), `vigil-mcp-${randomBytes(4).toString("hex")}`),
        },
        stderr: "pipe",
      }),
    );
    clients.push(client);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(READ_ONLY_TOOLS.map((tool) => tool.name));
    const result = await client.callTool({ name: "list_services", arguments: {} });
    expect(result.isError).toBe(false);
    expect(textOf(result).startsWith(DATA_BEGIN)).toBe(true);
  });
});
