import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { fromRoot, PROJECT_ROOT } from "@/runtime/paths";
import { firstFreePort } from "@/runtime/ports";
import { uniqueName } from "@/test/factories";
import { decodeProtobuf } from "./decode";
import { syntheticRequest } from "./synthetic";

// The receiver as `npm start` runs it (its own process), pushed hard and killed.

let receiver: ChildProcess | undefined;
afterEach(() => {
  receiver?.kill("SIGKILL");
  receiver = undefined;
});

async function startReceiver(extra: Record<string, string> = {}): Promise<string> {
  const port = (await firstFreePort(46_000 + Math.floor(Math.random() * 4000))) as number;
  receiver = spawn(process.execPath, ["--import", "tsx", fromRoot("runtime", "receiver.ts")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, VIGIL_OTLP_PORT: String(port), VIGIL_OTLP_WORKERS: "1", ...extra },
    stdio: "ignore",
  });
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return `http://127.0.0.1:${port}/v1/traces`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the receiver did not start");
}

async function storedOf(spanIds: string[]): Promise<number> {
  const { rows } = await pool().query(`SELECT count(*)::int AS n FROM span WHERE span_id = ANY($1::bytea[])`, [
    spanIds.map((id) => `\\x${id}`),
  ]);
  return rows[0].n;
}

describe("the receiver under load", () => {
  it("keeps every span it acknowledged when it is killed with SIGKILL mid-load", async () => {
    const { key } = await createApiKey(systemCtx("test"), { name: uniqueName("kill"), scopes: ["ingest:traces"] });
    const url = await startReceiver();
    const acknowledged: string[] = [];
    const sent: string[] = [];
    let stop = false;
    const clients = Array.from({ length: 6 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        const body = syntheticRequest(200, Date.now(), c * 10_000 + i);
        const ids = decodeProtobuf(body).spans.map((span) => span.spanId);
        sent.push(...ids);
        try {
          const response = await fetch(url, {
            method: "POST",
            body: body as BodyInit,
            headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${key}` },
          });
          if (response.status === 200) acknowledged.push(...ids);
        } catch {
          return; // the receiver is gone: this request was never acknowledged
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    receiver?.kill("SIGKILL");
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThan(1000);
    expect(await storedOf(acknowledged)).toBe(acknowledged.length);
    console.log(
      `SIGKILL: ${acknowledged.length} spans acknowledged, all stored; ${sent.length - acknowledged.length} sent without an answer`,
    );
  }, 60_000);

  it("answers 503 with Retry-After when more arrives than it takes on, and stores all it acknowledged", async () => {
    const { key } = await createApiKey(systemCtx("test"), { name: uniqueName("busy"), scopes: ["ingest:traces"] });
    const url = await startReceiver({ VIGIL_OTLP_MAX_IN_FLIGHT: "2" });
    const acknowledged: string[] = [];
    const retryAfter = new Set<string>();
    await Promise.all(
      Array.from({ length: 12 }, async (_, c) => {
        for (let i = 0; i < 6; i++) {
          const body = syntheticRequest(300, Date.now(), 50_000 + c * 100 + i);
          const response = await fetch(url, {
            method: "POST",
            body: body as BodyInit,
            headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${key}` },
          });
          await response.arrayBuffer();
          if (response.status === 200) acknowledged.push(...decodeProtobuf(body).spans.map((span) => span.spanId));
          else {
            expect(response.status).toBe(503);
            retryAfter.add(response.headers.get("retry-after") ?? "missing");
          }
        }
      }),
    );
    expect(retryAfter).toEqual(new Set(["1"]));
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(await storedOf(acknowledged)).toBe(acknowledged.length);
  }, 60_000);
});
