import type { SpanRecord } from "../traces/span-record";
import { hex, pick, type Random } from "./demo-random";

// Builds one demo trace span by span, with what real instrumentation records: semantic-convention
// attributes, the instrumentation scope that made each span, and the resource of the pod it ran on.

export const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

export interface DemoSpan {
  service: string;
  name: string;
  kind: number;
  parent: string | null;
  start: number;
  end: number;
  /** Set when a caller needs the id before the span's end is known. */
  id?: string;
  /** The status message of a failed span. */
  error?: string;
  scope: ScopeKind;
  httpRoute?: string;
  httpStatus?: number;
  dbSystem?: string;
  peerService?: string;
  feature?: string;
  attributes?: Record<string, unknown>;
}

type ScopeKind = "server" | "http" | "db" | "redis" | "messaging" | "app";

/** Where each service runs and what instruments it (their languages differ, as on a real platform). */
const SERVICES: Record<string, { cloud: Record<string, string>; sdk: string; scopes: Record<ScopeKind, string> }> = {
  "payments-api": {
    cloud: { "cloud.provider": "aws", "cloud.region": "eu-west-1" },
    sdk: "nodejs",
    scopes: {
      server: "@opentelemetry/instrumentation-http",
      http: "@opentelemetry/instrumentation-undici",
      db: "@opentelemetry/instrumentation-pg",
      redis: "@opentelemetry/instrumentation-ioredis",
      messaging: "@opentelemetry/instrumentation-kafkajs",
      app: "payments-api",
    },
  },
  "fraud-scoring": {
    cloud: { "cloud.provider": "gcp", "cloud.region": "europe-west1" },
    sdk: "python",
    scopes: {
      server: "opentelemetry.instrumentation.fastapi",
      http: "opentelemetry.instrumentation.httpx",
      db: "opentelemetry.instrumentation.psycopg",
      redis: "opentelemetry.instrumentation.redis",
      messaging: "opentelemetry.instrumentation.confluent_kafka",
      app: "fraud_scoring",
    },
  },
  ledger: {
    cloud: { "cloud.provider": "aws", "cloud.region": "eu-west-1" },
    sdk: "go",
    scopes: {
      server: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp",
      http: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp",
      db: "github.com/exaring/otelpgx",
      redis: "github.com/redis/go-redis/extra/redisotel",
      messaging: "github.com/twmb/franz-go/plugin/kotel",
      app: "ledger",
    },
  },
  kyc: {
    cloud: { "cloud.provider": "azure", "cloud.region": "westeurope" },
    sdk: "java",
    scopes: {
      server: "io.opentelemetry.spring-webmvc-6.0",
      http: "io.opentelemetry.java-http-client",
      db: "io.opentelemetry.jdbc",
      redis: "io.opentelemetry.lettuce-5.1",
      messaging: "io.opentelemetry.kafka-clients-2.6",
      app: "kyc",
    },
  },
  notifications: {
    cloud: { "cloud.provider": "aws", "cloud.region": "eu-west-1" },
    sdk: "nodejs",
    scopes: {
      server: "@opentelemetry/instrumentation-http",
      http: "@opentelemetry/instrumentation-undici",
      db: "@opentelemetry/instrumentation-pg",
      redis: "@opentelemetry/instrumentation-ioredis",
      messaging: "@opentelemetry/instrumentation-kafkajs",
      app: "notifications",
    },
  },
};

const PODS = ["7d9f8b6c4-2xkqp", "7d9f8b6c4-9wz7m", "7d9f8b6c4-tq4hn"];

// One object per distinct resource: the span encoder hashes each resource object once.
const RESOURCES = new Map<string, Record<string, unknown>>();

function resourceOf(name: string, version: string, pod: string): Record<string, unknown> {
  const service = SERVICES[name];
  return {
    "service.name": name,
    "service.namespace": "vigil-demo",
    "service.version": version,
    "deployment.environment.name": "prod",
    "k8s.namespace.name": "prod",
    "k8s.pod.name": pod,
    "telemetry.sdk.language": service.sdk,
    ...service.cloud,
  };
}

export class DemoTrace {
  readonly spans: SpanRecord[] = [];
  readonly traceId: string;
  private readonly pods = new Map<string, string>();

  constructor(
    readonly random: Random,
    /** service.version of each service at this moment. */
    private readonly versions: Record<string, string>,
    private readonly traceState: string | null,
  ) {
    this.traceId = hex(random, 32);
  }

  id(): string {
    return hex(this.random, 16);
  }

  add(span: DemoSpan): string {
    const spanId = span.id ?? this.id();
    const startNs = BigInt(Math.round(span.start * 1000)) * 1000n;
    const service = SERVICES[span.service];
    this.spans.push({
      traceId: this.traceId,
      spanId,
      parentSpanId: span.parent,
      traceState: this.traceState,
      flags: 1,
      service: span.service,
      name: span.name,
      kind: span.kind,
      startNs,
      endNs: startNs + BigInt(Math.max(1000, Math.round((span.end - span.start) * 1e6))),
      statusCode: span.error ? 2 : 0,
      statusMessage: span.error ?? null,
      httpRoute: span.httpRoute ?? null,
      httpStatusCode: span.httpStatus ?? null,
      dbSystem: span.dbSystem ?? null,
      peerService: span.peerService ?? null,
      environment: "prod",
      feature: span.feature ?? null,
      attributes: span.attributes ?? {},
      resource: this.resource(span.service),
      scopeName: service.scopes[span.scope],
      scopeVersion: span.scope === "app" ? (this.versions[span.service] ?? "1.0.0") : "1.30.0",
      events: [],
      links: [],
    });
    return spanId;
  }

  private resource(name: string): Record<string, unknown> {
    if (!this.pods.has(name)) this.pods.set(name, `${name}-${pick(this.random, PODS)}`);
    const pod = this.pods.get(name) as string;
    const version = this.versions[name] ?? "1.0.0";
    const key = `${pod}|${version}`;
    let resource = RESOURCES.get(key);
    if (!resource) RESOURCES.set(key, (resource = resourceOf(name, version, pod)));
    return resource;
  }
}
