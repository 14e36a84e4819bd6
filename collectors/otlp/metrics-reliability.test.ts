import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { fromRoot, PROJECT_ROOT } from "@/runtime/paths";
import { firstFreePort } from "@/runtime/ports";
import { uniqueName } from "@/test/factories";
import { gauge, gaugePoint, metricsProtobuf, metricsRequest, nowNs } from "./metrics-test-requests";
import { ingestKey } from "./test-requests";

// The metrics receiver as `npm start` runs it (its own process), killed with SIGKILL mid-load:
// every point it acknowledged is stored.

let receiver: ChildProcess | undefined;
afterEach(() => {
  receiver?.kill("SIGKILL");
  receiver = undefined;
});

async function startReceiver(): Promise<string> {
  const port = (await firstFreePort(42_000 + Math.floor(Math.random() * 3000))) as number;
  receiver = spawn(process.execPath, ["--import", "tsx", fromRoot("runtime", "receiver.ts")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, VIGIL_OTLP_PORT: String(port), VIGIL_OTLP_WORKERS: "1" },
    stdio: "ignore",
  });
  for (let i = 0; i < 150; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return `http://127.0.0.1:${port}/v1/metrics`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the receiver did not start");
}

const POINTS = 200;

describe("the metrics receiver killed mid-load", () => {
  it("keeps every point it acknowledged", async () => {
    const key = await ingestKey(["ingest:traces"]);
    const url = await startReceiver();
    const run = uniqueName("kill");
    const acknowledged: string[] = [];
    let stop = false;
    const clients = Array.from({ length: 4 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        const host = `${run}-${c}-${i}`;
        const now = nowNs();
        const points = Array.from({ length: POINTS }, (_, p) => gaugePoint(p, now - BigInt(p) * 1_000_000_000n));
        try {
          const response = await fetch(url, {
            method: "POST",
            body: metricsProtobuf(metricsRequest(host, [gauge("kill.metric", points)])) as BodyInit,
            headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${key}` },
          });
          if (response.status === 200) acknowledged.push(host);
        } catch {
          return; // the receiver is gone: this request was never acknowledged
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    receiver?.kill("SIGKILL");
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThan(5);
    const { rows } = await pool().query(
      `SELECT coalesce(sum(p.points), 0)::int AS n FROM metric_series s JOIN metric_point p ON p.series_id = s.id
       WHERE s.resource_id = ANY($1::text[])`,
      [acknowledged],
    );
    expect(rows[0].n).toBe(acknowledged.length * POINTS);
  }, 60_000);
});
