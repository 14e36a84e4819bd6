import http from "node:http";
import type { AddressInfo } from "node:net";
import { type Actor, can, type Ctx } from "@/lib/context";
import { withSpan } from "@/lib/telemetry";
import { attributeKeys, registerAttributeKeys } from "@/lib/traces/attribute-keys";
import { ingestSpans } from "@/lib/traces/ingest-spans";
import type { IngestResult, SpanBatch } from "@/lib/traces/span-batch";
import { keyAuthenticator, slots } from "./admission";
import { decodeBody, type Encoding } from "./decode-body";
import { decompress, HttpFailure, readBody, RPC } from "./http-body";
import { encodeMetricsResponse } from "./metrics-decode";
import { ingestMetricsBody } from "./metrics-ingest";
import { encodeResponse, encodeStatus } from "./proto";

// The OTLP/HTTP receiver (opentelemetry-proto docs/specification.md, OTLP/HTTP): POST /v1/traces
// and /v1/metrics, protobuf or JSON, gzip or not, answered in the request's own content type.

export interface ReceiverOptions {
  port: number;
  host?: string;
  maxBodyBytes: number;
  retentionDays: number;
  /** Days of metric points kept; older points are rejected. */
  metricsRetentionDays?: number;
  /** Another header that may carry the key, besides Authorization: Bearer. */
  apiKeyHeader?: string;
  /** Requests decoded or stored at once; more get 503 with Retry-After. One key gets three quarters of them. */
  maxInFlight?: number;
  /** How long a client may take to send its body, before it holds a slot; slower gets 408. */
  bodyTimeoutMs?: number;
}

export interface Receiver {
  server: http.Server;
  listen(): Promise<number>;
  close(): Promise<void>;
  stats: { requests: number; spans: number; rejected: number; busy: number };
}

const CONTENT_TYPES: Record<string, Encoding> = { "application/x-protobuf": "protobuf", "application/json": "json" };

const mediaTypeOf = (request: http.IncomingMessage) =>
  (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();

function send(
  response: http.ServerResponse,
  status: number,
  as: Encoding,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, {
    "content-type": as === "json" ? "application/json" : "application/x-protobuf",
    "content-length": String(Buffer.byteLength(body)),
    ...headers,
  });
  response.end(body);
}

/** A POST to /v1/traces or /v1/metrics in a content type the receiver reads, or the failure to answer with. */
function checkRoute(request: http.IncomingMessage, path: string): void {
  if (path !== "/v1/traces" && path !== "/v1/metrics")
    throw new HttpFailure(
      404,
      RPC.NOT_FOUND,
      `no such path ${path}; traces go to POST /v1/traces, metrics to POST /v1/metrics`,
    );
  if (request.method !== "POST")
    throw new HttpFailure(405, RPC.UNIMPLEMENTED, `${request.method} is not allowed; use POST`, { allow: "POST" });
  const mediaType = mediaTypeOf(request);
  if (!CONTENT_TYPES[mediaType]) {
    throw new HttpFailure(
      415,
      RPC.INVALID_ARGUMENT,
      `Content-Type ${mediaType || "(none)"} is not supported; use application/x-protobuf or application/json`,
    );
  }
}

function checkActor(actor: Actor | null): asserts actor is Actor {
  if (actor && can(actor, "ingest:traces")) return;
  throw new HttpFailure(
    401,
    RPC.UNAUTHENTICATED,
    actor
      ? "this API key lacks the ingest:traces scope"
      : "send an API key with the ingest:traces scope as 'Authorization: Bearer <key>'",
    { "www-authenticate": 'Bearer realm="vigil-otlp"' },
  );
}

/**
 * The body decoded and stored. Keys first seen get their ids (a lib verb) and the body is written
 * again, keeping the same spans (same window) as the first time, so the stored spans name them by id.
 */
async function ingestBody(ctx: Ctx, body: Buffer, as: Encoding, retentionDays: number): Promise<IngestResult> {
  const receivedAt = Date.now();
  const keys = attributeKeys();
  let batch: SpanBatch = decodeBody(body, as, keys, retentionDays, receivedAt);
  try {
    return await withSpan("otlp ingest", { "vigil.spans": batch.count }, async () => {
      if (batch.count > 0 && batch.newKeys.size > 0) {
        await registerAttributeKeys(ctx, batch.newKeys);
        batch = decodeBody(body, as, keys, retentionDays, receivedAt);
      }
      return ingestSpans(ctx, batch);
    });
  } catch (err) {
    // Values PostgreSQL refuses come back as rejected spans: what is thrown is the store being
    // unavailable, which a retry may get past.
    console.error("storing spans failed", err);
    throw new HttpFailure(
      503,
      RPC.UNAVAILABLE,
      "spans could not be stored just now; nothing from this request was kept, retry",
      {
        "retry-after": "5",
      },
    );
  }
}

function failWith(response: http.ServerResponse, as: Encoding, err: unknown): void {
  const failure = err instanceof HttpFailure ? err : new HttpFailure(500, RPC.INTERNAL, "internal error");
  if (!(err instanceof HttpFailure)) console.error("OTLP request failed", err);
  if (!response.headersSent)
    send(response, failure.status, as, encodeStatus(failure.rpcCode, failure.message, as), failure.headers);
}

/** The API key a request carries (Authorization: Bearer, or the configured header), and its actor. */
function actorReader(apiKeyHeader: string | undefined) {
  const authenticate = keyAuthenticator();
  return async (request: http.IncomingMessage): Promise<Actor | null> => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ""))?.[1];
    const custom = apiKeyHeader ? request.headers[apiKeyHeader.toLowerCase()] : undefined;
    const key = bearer ?? (typeof custom === "string" ? custom.trim() : undefined);
    return key ? authenticate(key) : null;
  };
}

/** The HTTP server for `handle`, with its time limits. */
function serverFor(
  options: ReceiverOptions,
  handle: (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void>,
): Omit<Receiver, "stats"> {
  const server = http.createServer((request, response) => void handle(request, response));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;
  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host ?? "0.0.0.0", () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

export function createReceiver(options: ReceiverOptions): Receiver {
  const actorOf = actorReader(options.apiKeyHeader);
  const inFlight = slots(options.maxInFlight ?? 16);
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  const stats = { requests: 0, spans: 0, rejected: 0, busy: 0 };

  /** A request with an actor allowed to send and a slot taken: decoded, stored and answered. */
  async function store(request: http.IncomingMessage, response: http.ServerResponse, actor: Actor, raw: Buffer) {
    const as = CONTENT_TYPES[mediaTypeOf(request)];
    const body = decompress(raw, request.headers["content-encoding"], options.maxBodyBytes);
    const ctx: Ctx = {
      actor,
      requestId: String(request.headers["x-request-id"] ?? crypto.randomUUID()).slice(0, 100),
      sourceIp: request.socket.remoteAddress ?? null,
    };
    if (new URL(request.url ?? "/", "http://receiver").pathname === "/v1/metrics") {
      const result = await ingestMetricsBody(ctx, body, as, options.metricsRetentionDays ?? 35);
      stats.requests += 1;
      stats.rejected += result.rejected;
      return send(response, 200, as, encodeMetricsResponse(result.rejected, result.reasons, as));
    }
    const result = await ingestBody(ctx, body, as, options.retentionDays);
    stats.requests += 1;
    stats.spans += result.stored + result.duplicates;
    stats.rejected += result.rejected;
    send(response, 200, as, encodeResponse({ rejected: result.rejected, reasons: result.reasons }, as));
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://receiver");
    const as: Encoding = CONTENT_TYPES[mediaTypeOf(request)] ?? "json";
    try {
      if (url.pathname === "/health" && request.method === "GET")
        return send(response, 200, "json", JSON.stringify({ status: "ok" }));
      checkRoute(request, url.pathname);
      const actor = await actorOf(request);
      checkActor(actor);
      // The body is read before a slot is taken: a slow sender holds its socket, not a slot.
      const raw = await readBody(request, options.maxBodyBytes, bodyTimeoutMs);
      if (!inFlight.take(actor.id)) {
        stats.busy += 1;
        throw new HttpFailure(503, RPC.UNAVAILABLE, "the receiver is busy; retry after the given delay", {
          "retry-after": "1",
        });
      }
      try {
        await store(request, response, actor, raw);
      } finally {
        inFlight.give(actor.id);
      }
    } catch (err) {
      failWith(response, as, err);
    }
  }

  return { ...serverFor(options, handle), stats };
}
