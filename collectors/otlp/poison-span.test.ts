import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listServicesRoute } from "@/app/api/v1/services/route";
import { createReceiver, type Receiver } from "./receiver";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import { getHealth } from "@/lib/health/get-health";
import { JOBS } from "@/lib/jobs/registry";
import { runJob } from "@/lib/jobs/run-worker";
import { uniqueName } from "@/test/factories";
import { usePrivateDatabase } from "@/test/private-database";

// The poison-span test, end to end: spans posted to the real OTLP receiver, the rollup run
// as the worker runs it, the services read through the real API route. The scheduled rollup works
// on "now", shared by every test, so this file has a database of its own.
let receiver: Receiver;
let url: string;
let ingestKey: string;
let readKey: string;

beforeAll(async () => {
  await usePrivateDatabase("poison_span");
  receiver = createReceiver({ port: 0, host: "127.0.0.1", maxBodyBytes: 1024 * 1024, retentionDays: 15 });
  url = `http://127.0.0.1:${await receiver.listen()}/v1/traces`;
  ingestKey = (await createApiKey(systemCtx("test"), { name: uniqueName("otlp"), scopes: ["ingest:traces"] })).key;
  readKey = (await createApiKey(systemCtx("test"), { name: uniqueName("reader"), scopes: ["read"] })).key;
}, 60_000);

afterAll(async () => {
  await receiver.close();
  await closeDb();
});

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

function post(service: string, span: { start: bigint; end: bigint | string; traceState?: string }) {
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: hex(16),
                spanId: hex(8),
                name: "GET /",
                kind: 2,
                traceState: span.traceState,
                startTimeUnixNano: String(span.start),
                endTimeUnixNano: String(span.end),
              },
            ],
          },
        ],
      },
    ],
  };
  return fetch(url, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", authorization: `Bearer ${ingestKey}` },
  });
}

async function listedServices(query = ""): Promise<{ service: string; requests: number }[]> {
  const request = new Request(`${publicUrl()}/api/v1/services${query}`, {
    headers: { authorization: `Bearer ${readKey}` },
  });
  const response = await listServicesRoute(request, { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { service: string; requests: number }[] }).items;
}

describe("a poisoned span", () => {
  it("does not stop a new service from appearing in GET /api/v1/services within two rollup runs, and health stays ok", async () => {
    const poisoned = uniqueName("poisoned");
    const now = BigInt(Date.now()) * 1_000_000n;
    // Accepted (200) by the receiver as it was; a receiver that refuses them (400) is fine too.
    const poison = [
      { start: now, end: "9200000000000000000" },
      { start: now, end: now + 5_000_000_000_000_000_000n },
      { start: now, end: now + 5_000_000_000_000_000_000n },
      { start: now, end: now + 1_000_000n, traceState: "ot=th:ffffffffffffff" },
    ];
    for (const span of poison) expect([200, 400]).toContain((await post(poisoned, span)).status);

    const fresh = uniqueName("fresh");
    expect((await post(fresh, { start: now + 1_000n, end: now + 2_000_000n })).status).toBe(200);

    const rollup = JOBS.find((job) => job.name === "rollup-spans")!;
    const log: string[] = [];
    for (let run = 0; run < 2; run++) await runJob(rollup, (line) => log.push(line));

    expect((await listedServices()).find((item) => item.service === fresh)).toMatchObject({ requests: 1 });
    expect(log.filter((line) => !line.startsWith("rollup-spans done"))).toEqual([]);
    expect(await getHealth()).toEqual({ status: "ok", database: "external" });
  });
});

describe("a late span", () => {
  it("that started two hours before it arrived is counted by the next rollup run (its minute was noted and rebuilt)", async () => {
    const late = uniqueName("late");
    const started = Date.now() - 2 * 3_600_000;
    const start = BigInt(started) * 1_000_000n;
    expect((await post(late, { start, end: start + 3_000_000n })).status).toBe(200);

    const rollup = JOBS.find((job) => job.name === "rollup-spans")!;
    await runJob(rollup, () => {});

    const window = `?from=${new Date(started - 60_000).toISOString()}&to=${new Date(started + 120_000).toISOString()}`;
    expect((await listedServices(window)).find((item) => item.service === late)).toMatchObject({ requests: 1 });
  });
});
