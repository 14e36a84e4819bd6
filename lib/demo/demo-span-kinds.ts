import { type DemoTrace, KIND } from "./demo-trace-builder";

// The kinds of span a service's instrumentation records, named and attributed as the OpenTelemetry
// semantic conventions say: HTTP client calls, database and cache commands, Kafka publishes.

/** Where a span goes: its trace, the service that records it, its parent and when it starts. */
export interface At {
  trace: DemoTrace;
  service: string;
  parent: string;
  start: number;
}

const DATABASES: Record<string, { name: string; host: string }> = {
  "payments-api": { name: "payments", host: "payments-db.c9x2k4.eu-west-1.rds.amazonaws.com" },
  "fraud-scoring": { name: "risk", host: "10.40.3.12" },
  ledger: { name: "ledger", host: "ledger-aurora.cluster-c9x2k4.eu-west-1.rds.amazonaws.com" },
  kyc: { name: "kyc", host: "kyc-cosmos.postgres.cosmos.azure.com" },
  notifications: { name: "notifications", host: "payments-db.c9x2k4.eu-west-1.rds.amazonaws.com" },
};

/** A PostgreSQL statement, named `<operation> <table>`; returns when it ends. */
export function sql(at: At, operation: string, table: string, ms: number, query?: string): number {
  const database = DATABASES[at.service];
  const end = at.start + ms;
  at.trace.add({
    service: at.service,
    name: table ? `${operation} ${table}` : operation,
    kind: KIND.client,
    parent: at.parent,
    start: at.start,
    end,
    scope: "db",
    dbSystem: "postgresql",
    attributes: {
      "db.operation.name": operation,
      ...(table ? { "db.collection.name": table } : {}),
      "db.namespace": database.name,
      "server.address": database.host,
      "server.port": 5432,
      ...(query ? { "db.query.text": query } : {}),
    },
  });
  return end;
}

/** A Redis command on a key; returns when it ends. */
export function redis(at: At, command: string, key: string, ms: number): number {
  const end = at.start + ms;
  at.trace.add({
    service: at.service,
    name: command,
    kind: KIND.client,
    parent: at.parent,
    start: at.start,
    end,
    scope: "redis",
    dbSystem: "redis",
    attributes: {
      "db.operation.name": command,
      "db.query.text": `${command} ${key}`,
      "server.address": `${at.service}-cache.prod.svc.cluster.local`,
      "server.port": 6379,
    },
  });
  return end;
}

export interface HttpRequest {
  method: string;
  /** The URL template, such as /v1/entries or /v71/payments. */
  path: string;
  host: string;
  /** Who answers: another demo service, or an outside provider that sends no spans. */
  peer: string;
  status: number;
  /** The failure of a call that got no answer (a timeout); 5xx answers fail on their own. */
  error?: string;
  id?: string;
  attributes?: Record<string, unknown>;
}

/** An outgoing HTTP call; 4xx and 5xx answers mark a client span failed, as the conventions say. */
export function httpCall(at: At, request: HttpRequest, ms: number): { id: string; end: number } {
  const end = at.start + ms;
  const failed = request.error ?? (request.status >= 400 ? `HTTP ${request.status}` : undefined);
  const id = at.trace.add({
    id: request.id,
    service: at.service,
    name: `${request.method} ${request.path}`,
    kind: KIND.client,
    parent: at.parent,
    start: at.start,
    end,
    scope: "http",
    error: failed,
    httpStatus: request.error ? undefined : request.status,
    peerService: request.peer,
    attributes: {
      "http.request.method": request.method,
      "url.template": request.path,
      "server.address": request.host,
      "server.port": 443,
      ...(request.error ? { "error.type": "timeout" } : {}),
      ...request.attributes,
    },
  });
  return { id, end };
}

/** Work inside a service worth its own span (a model, a PDF, a template); `id` when children came first. */
export function internal(at: At, name: string, ms: number, attributes?: Record<string, unknown>, id?: string) {
  const end = at.start + ms;
  const spanId = id ?? at.trace.id();
  at.trace.add({
    id: spanId,
    service: at.service,
    name,
    kind: KIND.internal,
    parent: at.parent,
    start: at.start,
    end,
    scope: "app",
    attributes,
  });
  return { id: spanId, end };
}

/** A Kafka publish; the consumer's span is its child. */
export function publish(at: At, topic: string, ms: number, key: string): { id: string; end: number } {
  const end = at.start + ms;
  const id = at.trace.add({
    service: at.service,
    name: `publish ${topic}`,
    kind: KIND.producer,
    parent: at.parent,
    start: at.start,
    end,
    scope: "messaging",
    attributes: {
      "messaging.system": "kafka",
      "messaging.operation.type": "send",
      "messaging.destination.name": topic,
      "messaging.kafka.message.key": key,
      "server.address": "b-1.events.kafka.eu-west-1.amazonaws.com",
    },
  });
  return { id, end };
}
