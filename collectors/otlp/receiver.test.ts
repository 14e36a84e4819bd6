import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as HttpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { ResponseType } from "./proto";
import type { Receiver } from "./receiver";
import { ingestKey, listeningReceiver, postRaw } from "./test-requests";

let receiver: Receiver;
let url: string;
let key: string;

beforeAll(async () => {
  ({ receiver, url } = await listeningReceiver(4 * 1024 * 1024));
  key = await ingestKey(["ingest:traces"]);
});

afterAll(() => receiver.close());

async function storedSpans(service: string) {
  const { rows } = await pool().query(
    `SELECT encode(trace_id, 'hex') AS trace_id, encode(span_id, 'hex') AS span_id, encode(parent_span_id, 'hex') AS parent_span_id,
            service, name, kind, status_code, http_route, http_status_code, db_system, environment, feature, span_attributes(attributes) AS attributes, duration_ns::text
     FROM span WHERE service = $1 ORDER BY start_time, name`,
    [service],
  );
  return rows;
}

/** An app instrumented with the real OpenTelemetry JS SDK, exporting to the receiver. */
async function runApp(service: string, exporter: ProtoExporter | HttpJsonExporter) {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": service, "deployment.environment.name": "prod" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("checkout-test");
  await tracer.startActiveSpan(
    "POST /checkout",
    {
      kind: SpanKind.SERVER,
      attributes: { "http.route": "/checkout", "http.response.status_code": 500, "vigil.feature": "card-payments" },
    },
    async (root) => {
      const child = tracer.startSpan(
        "SELECT orders",
        { kind: SpanKind.CLIENT, attributes: { "db.system": "postgresql", "db.statement": "select 1" } },
        trace.setSpan(context.active(), root),
      );
      child.end();
      root.setStatus({ code: SpanStatusCode.ERROR, message: "card declined" });
      root.end();
    },
  );
  await provider.forceFlush();
  await provider.shutdown();
}

const post = (body: Buffer | string, headers: Record<string, string>, target = url) =>
  postRaw(target, key, body, headers);

describe("OTLP/HTTP receiver", () => {
  it("stores what the OTel JS SDK sends over http/protobuf, with hot attributes as columns", async () => {
    const service = uniqueName("proto-app");
    await runApp(service, new ProtoExporter({ url, headers: { authorization: `Bearer ${key}` } }));
    const rows = await storedSpans(service);
    expect(rows).toHaveLength(2);
    const root = rows.find((row) => row.name === "POST /checkout");
    const child = rows.find((row) => row.name === "SELECT orders");
    expect(root).toMatchObject({
      kind: 2,
      status_code: 2,
      http_route: "/checkout",
      http_status_code: 500,
      environment: "prod",
      feature: "card-payments",
      parent_span_id: null,
    });
    expect(child).toMatchObject({
      kind: 3,
      db_system: "postgresql",
      parent_span_id: root.span_id,
      trace_id: root.trace_id,
    });
    expect(child.attributes).toEqual({ "db.statement": "select 1" });
  });

  it("stores what the OTel JS SDK sends over http/json", async () => {
    const service = uniqueName("json-app");
    await runApp(service, new HttpJsonExporter({ url, headers: { authorization: `Bearer ${key}` } }));
    expect((await storedSpans(service)).map((row) => row.name).sort()).toEqual(["POST /checkout", "SELECT orders"]);
  });

  it("gives HyperDX's basic-insert case its expected rows", async () => {
    const input = JSON.parse(
      fs.readFileSync(path.join(import.meta.dirname, "fixtures/hyperdx-basic-insert/input.json"), "utf8"),
    );
    // The case is dated 2030; move it to now, keeping its shape, so it is inside retention.
    const service = uniqueName("trace-test-service");
    const shift = BigInt(Date.now()) * 1_000_000n - 1901999590000000000n;
    for (const rs of input.resourceSpans) {
      for (const attr of rs.resource.attributes) if (attr.key === "service.name") attr.value.stringValue = service;
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          span.traceId = uniqueName("")
            .slice(1)
            .padEnd(32, "a")
            .slice(0, 32)
            .replace(/[^0-9a-f]/g, "b");
          span.startTimeUnixNano = String(BigInt(span.startTimeUnixNano) + shift);
          span.endTimeUnixNano = String(BigInt(span.endTimeUnixNano) + shift);
        }
      }
    }
    const response = await post(JSON.stringify(input), { "content-type": "application/json" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({});
    const rows = await storedSpans(service);
    const asSnap = rows.map((row) =>
      [
        row.name,
        "trace-test-service",
        row.parent_span_id === null ? 1 : 0,
        row.attributes["http.method"] ?? "",
        row.db_system ?? "",
      ]
        .map((value) => (typeof value === "number" ? String(value) : `"${value}"`))
        .join(","),
    );
    const expected = fs
      .readFileSync(path.join(import.meta.dirname, "fixtures/hyperdx-basic-insert/expected.snap"), "utf8")
      .trim()
      .split("\n");
    expect(asSnap).toEqual(expected);
  });

  it("keeps the valid spans of a request and reports the rest as a partial success, in protobuf too", async () => {
    const service = uniqueName("partial");
    const now = BigInt(Date.now()) * 1_000_000n;
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "aa".repeat(16),
                  spanId: "bb".repeat(8),
                  name: "good",
                  kind: 2,
                  startTimeUnixNano: String(now),
                  endTimeUnixNano: String(now + 5_000_000n),
                },
                {
                  traceId: "aa".repeat(16),
                  spanId: "",
                  name: "no span id",
                  startTimeUnixNano: String(now),
                  endTimeUnixNano: String(now),
                },
                {
                  traceId: "ab".repeat(16),
                  spanId: "cc".repeat(8),
                  name: "ancient",
                  startTimeUnixNano: "1000",
                  endTimeUnixNano: "2000",
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await post(JSON.stringify(body), { "content-type": "application/json" });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.partialSuccess.rejectedSpans).toBe("2");
    expect(answer.partialSuccess.errorMessage).toMatch(
      /spans\[1\]: spanId must be 8 bytes.*1 span\(s\) start before the 15-day retention window/,
    );
    expect((await storedSpans(service)).map((row) => row.name)).toEqual(["good"]);
  });

  it("counts a re-sent batch once", async () => {
    const service = uniqueName("resend");
    const exporter = new ProtoExporter({ url, headers: { authorization: `Bearer ${key}` } });
    const now = BigInt(Date.now()) * 1_000_000n;
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "de".repeat(16),
                  spanId: "ad".repeat(8),
                  name: "once",
                  startTimeUnixNano: String(now),
                  endTimeUnixNano: String(now),
                },
              ],
            },
          ],
        },
      ],
    });
    for (let i = 0; i < 3; i++) expect((await post(body, { "content-type": "application/json" })).status).toBe(200);
    expect(await storedSpans(service)).toHaveLength(1);
    await exporter.shutdown();
  });

  it("answers gzip bodies, and protobuf requests in protobuf", async () => {
    const fixture = fs.readFileSync(path.join(import.meta.dirname, "fixtures/trace.protobuf-bin"));
    const response = await post(zlib.gzipSync(fixture), {
      "content-type": "application/x-protobuf",
      "content-encoding": "gzip",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
    // The 2018 example span is outside retention: a partial success, in protobuf.
    const decoded = ResponseType.toObject(ResponseType.decode(new Uint8Array(await response.arrayBuffer())), {
      longs: String,
    }) as { partialSuccess?: { rejectedSpans: string; errorMessage: string } };
    expect(decoded.partialSuccess?.rejectedSpans).toBe("1");
  });
});
