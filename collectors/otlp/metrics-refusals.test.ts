import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDailyMetrics } from "@/lib/metrics/read-daily-metrics";
import { roleCtx, uniqueName } from "@/test/factories";
import {
  cumulativeSum,
  gauge,
  gaugePoint,
  metricsProtobuf,
  metricsReceiver,
  metricsRequest,
  nowNs,
  sendMetrics,
} from "./metrics-test-requests";
import type { Receiver } from "./receiver";
import { ingestKey, postRaw } from "./test-requests";

// What POST /v1/metrics refuses, and how (the trace receiver's statuses and google.rpc.Status
// bodies); damaged bodies get 200 or 400, never a 500; overload gets 503 with Retry-After and
// everything acknowledged is stored.

let receiver: Receiver;
let small: Receiver;
let url: string;
let smallUrl: string;
let key: string;
let readOnlyKey: string;

beforeAll(async () => {
  ({ receiver, url } = await metricsReceiver());
  ({ receiver: small, url: smallUrl } = await metricsReceiver({ maxBodyBytes: 2048 }));
  key = await ingestKey(["ingest:traces"]);
  readOnlyKey = await ingestKey(["read"]);
});

afterAll(async () => {
  await receiver.close();
  await small.close();
});

const post = (body: Buffer | string, headers: Record<string, string>, target = url) =>
  postRaw(target, key, body, headers);

async function stored(host: string, metric: string) {
  const today = Date.parse(new Date().toISOString().slice(0, 10));
  const { rows } = await readDailyMetrics(roleCtx("viewer"), {
    metrics: [metric],
    from: new Date(today - 40 * 86_400_000),
    to: new Date(today + 2 * 86_400_000),
    resourceIds: [host],
  });
  return rows.reduce((n, row) => n + row.count, 0);
}

describe("POST /v1/metrics refusals", () => {
  it("refuses what OTLP says to refuse, with the right status and a google.rpc.Status body", async () => {
    const json = { "content-type": "application/json" };
    const expectStatus = async (response: Response, status: number, message: RegExp) => {
      expect(response.status).toBe(status);
      expect((await response.json()).message).toMatch(message);
    };
    await expectStatus(await fetch(url, { headers: { authorization: `Bearer ${key}` } }), 405, /GET is not allowed/);
    await expectStatus(await post("{}", json, url.replace("/v1/metrics", "/v1/metric")), 404, /POST \/v1\/metrics/);
    await expectStatus(await post("x", { "content-type": "text/plain" }), 415, /text\/plain is not supported/);
    await expectStatus(await post("{nope", json), 400, /not JSON/);
    await expectStatus(await post("[]", json), 400, /not an ExportMetricsServiceRequest/);
    await expectStatus(await post('{"resourceMetrics":{}}', json), 400, /resourceMetrics is not an array/);
    await expectStatus(await fetch(url, { method: "POST", body: "{}", headers: json }), 401, /send an API key/);
    await expectStatus(
      await post("{}", { ...json, authorization: `Bearer ${readOnlyKey}` }),
      401,
      /lacks the ingest:traces scope/,
    );
    await expectStatus(await post("{}", { ...json, "content-encoding": "br" }), 415, /Content-Encoding br/);
    await expectStatus(
      await post(zlib.gzipSync("{}").subarray(0, 5), { ...json, "content-encoding": "gzip" }),
      400,
      /not valid gzip/,
    );
    await expectStatus(await post(" ".repeat(4096), json, smallUrl), 413, /over the limit of 2048 bytes/);
    await expectStatus(
      await post(zlib.gzipSync(" ".repeat(100_000)), { ...json, "content-encoding": "gzip" }, smallUrl),
      413,
      /once decompressed/,
    );
    const proto = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), {
      "content-type": "application/x-protobuf",
    });
    expect(proto.status).toBe(400);
    expect(proto.headers.get("content-type")).toBe("application/x-protobuf");
  });

  it("takes gzip, an empty request, and answers in the request's encoding", async () => {
    const host = uniqueName("i-gzip");
    const body = metricsProtobuf(metricsRequest(host, [gauge("gz.metric", [gaugePoint(1)])]));
    const response = await post(zlib.gzipSync(body), {
      "content-type": "application/x-protobuf",
      "content-encoding": "gzip",
    });
    expect(response.status).toBe(200);
    expect(await stored(host, "gz.metric")).toBe(1);
    expect(await sendMetrics(url, key, {}, "json")).toMatchObject({ status: 200, rejected: 0, message: "" });
    expect(await sendMetrics(url, key, {}, "protobuf")).toMatchObject({ status: 200, rejected: 0 });
  });

  it("answers mutated protobuf bodies with 200 or 400, never a 500", async () => {
    const now = nowNs();
    const seed = metricsProtobuf(
      metricsRequest(uniqueName("i-fuzz"), [
        gauge("fuzz.gauge", [gaugePoint(0.5, now, [{ key: "state", value: { stringValue: "idle" } }])]),
        cumulativeSum("fuzz.sum", [{ timeUnixNano: String(now), startTimeUnixNano: String(now - 10n), asInt: "7" }]),
      ]),
    );
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const body = Buffer.from(seed);
      for (let j = 0; j <= i % 6; j++) body[(i * 7919 + j * 104_729) % body.length] = (i * 31 + j * 17) % 256;
      const response = await post(body.subarray(0, body.length - (i % 3 === 0 ? i % 40 : 0)), {
        "content-type": "application/x-protobuf",
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].every((status) => status === 200 || status === 400)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(0);
  });

  it("answers 503 with Retry-After when more arrives than it takes on, and stores all it acknowledged", async () => {
    const { receiver: busy, url: busyUrl } = await metricsReceiver({ maxInFlight: 1 });
    const host = uniqueName("i-busy");
    const statuses: number[] = [];
    let acknowledged = 0;
    const retryAfter = new Set<string | null>();
    await Promise.all(
      Array.from({ length: 16 }, async (_, c) => {
        const base = nowNs() - BigInt(c) * 60_000_000_000n;
        const points = Array.from({ length: 500 }, (_, i) => gaugePoint(i, base - BigInt(i) * 1_000_000n));
        const answer = await sendMetrics(
          busyUrl,
          key,
          metricsRequest(host, [gauge("busy.metric", points)]),
          "protobuf",
        );
        statuses.push(answer.status);
        if (answer.status === 200) acknowledged += points.length;
        else retryAfter.add(answer.retryAfter);
      }),
    );
    await busy.close();
    expect(new Set(statuses)).toEqual(new Set([200, 503]));
    expect(retryAfter).toEqual(new Set(["1"]));
    expect(await stored(host, "busy.metric")).toBe(acknowledged);
  });
});
