import { randomBytes } from "node:crypto";
import { RequestType } from "./proto";

// Realistic OTLP trace requests for benchmarks: a few services, traces of several spans with
// 10-20 attributes each, HTTP server roots and database/HTTP client children.

const SERVICES = ["payments-api", "ledger", "fraud-scoring", "kyc", "notifications", "checkout", "accounts"];
const ROUTES = [
  "/v1/payments",
  "/v1/payments/{id}",
  "/v1/accounts/{id}",
  "/v1/transfers",
  "/healthz",
  "/v1/cards/{id}/authorize",
];

function kv(key: string, value: string | number | boolean) {
  if (typeof value === "number")
    return { key, value: Number.isInteger(value) ? { intValue: value } : { doubleValue: value } };
  if (typeof value === "boolean") return { key, value: { boolValue: value } };
  return { key, value: { stringValue: value } };
}

function pick<T>(items: readonly T[], i: number): T {
  return items[i % items.length];
}

const FEATURES = ["card-payments", "onboarding", "transfers", "statements"];

/** The HTTP server span at the root of trace number `trace`. */
function rootSpan(traceId: Buffer, spanId: Buffer, service: string, start: bigint, trace: number, seed: number) {
  const duration = BigInt(2_000_000 + ((seed * 7919 + trace * 104_729) % 400_000_000));
  const failed = (seed + trace) % 50 === 0;
  const route = pick(ROUTES, trace + seed);
  return {
    duration,
    span: {
      traceId,
      spanId,
      name: `POST ${route}`,
      kind: 2,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + duration).toString(),
      attributes: [
        kv("http.request.method", "POST"),
        kv("http.route", route),
        kv("http.response.status_code", failed ? 500 : 200),
        kv("url.scheme", "https"),
        kv("server.address", `${service}.internal`),
        kv("server.port", 8443),
        kv("client.address", `10.0.${trace % 250}.${seed % 250}`),
        kv("user_agent.original", "okhttp/4.12.0"),
        kv("network.protocol.version", "1.1"),
        kv("vigil.feature", pick(FEATURES, trace)),
        kv("enduser.id", `cust-${(trace * 31) % 100_000}`),
        kv("tenant.id", `tenant-${trace % 40}`),
        kv("http.request.body.size", 512 + (trace % 2048)),
        kv("http.response.body.size", 128 + (trace % 4096)),
      ],
      status: failed ? { code: 2, message: "upstream timeout" } : { code: 0 },
    },
  };
}

const databaseAttributes = (c: number) => [
  kv("db.system", "postgresql"),
  kv("db.namespace", "payments"),
  kv("db.operation.name", "SELECT"),
  kv("db.query.text", "SELECT id, amount, currency FROM payments WHERE account_id = $1 LIMIT 50"),
  kv("server.address", "pg-primary.internal"),
  kv("server.port", 5432),
  kv("db.response.returned_rows", 12),
  kv("network.peer.address", "10.1.0.5"),
  kv("peer.service", "postgres"),
  kv("thread.id", 40 + c),
];

const httpClientAttributes = (c: number) => [
  kv("http.request.method", "POST"),
  kv("url.full", "https://ledger.internal/v1/ledger/entries"),
  kv("http.response.status_code", 201),
  kv("server.address", "ledger.internal"),
  kv("server.port", 8443),
  kv("peer.service", "ledger"),
  kv("network.protocol.version", "2"),
  kv("http.request.resend_count", 0),
  kv("retry.attempt", 0),
  kv("thread.id", 40 + c),
];

/** Child number `c` of a root span: database and HTTP client calls in turn. */
function childSpan(traceId: Buffer, rootId: Buffer, start: bigint, duration: bigint, c: number) {
  const childStart = start + BigInt(c) * 1_000_000n;
  const isDb = c % 2 === 0;
  return {
    traceId,
    spanId: randomBytes(8),
    parentSpanId: rootId,
    name: isDb ? "SELECT payments" : "POST /v1/ledger/entries",
    kind: 3,
    startTimeUnixNano: childStart.toString(),
    endTimeUnixNano: (childStart + duration / 4n).toString(),
    attributes: isDb ? databaseAttributes(c) : httpClientAttributes(c),
    status: { code: 0 },
  };
}

function resourceOf(service: string, seed: number) {
  return {
    attributes: [
      kv("service.name", service),
      kv("service.version", "2026.11.3"),
      kv("deployment.environment.name", "prod"),
      kv("host.name", `${service}-7d9f8-${seed % 5}`),
      kv("telemetry.sdk.language", "java"),
      kv("telemetry.sdk.name", "opentelemetry"),
      kv("telemetry.sdk.version", "1.44.0"),
      kv("cloud.provider", "aws"),
      kv("cloud.region", "eu-west-1"),
    ],
  };
}

/** One ExportTraceServiceRequest of about `spans` spans, starting around `atMs`. */
export function syntheticRequest(spans: number, atMs: number, seed = 0): Uint8Array {
  const byService = new Map<string, object[]>();
  let made = 0;
  let trace = 0;
  while (made < spans) {
    const traceId = randomBytes(16);
    const rootId = randomBytes(8);
    const service = pick(SERVICES, seed + trace);
    const start = BigInt(atMs + (trace % 1000)) * 1_000_000n;
    const root = rootSpan(traceId, rootId, service, start, trace, seed);
    const list = byService.get(service) ?? [];
    list.push(root.span);
    made += 1;
    const children = Math.min(spans - made, 3 + (trace % 4));
    for (let c = 0; c < children; c++) list.push(childSpan(traceId, rootId, start, root.duration, c));
    made += children;
    byService.set(service, list);
    trace += 1;
  }
  const message = {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: resourceOf(service, seed),
      scopeSpans: [{ scope: { name: "io.opentelemetry.spring-webmvc-6.0", version: "2.10.0" }, spans: list }],
    })),
  };
  return RequestType.encode(RequestType.fromObject(message)).finish();
}
