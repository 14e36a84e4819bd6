import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { authenticateApiKey } from "@/lib/access/api-keys";
import { type Actor, can, type Ctx } from "@/lib/context";
import {
  type CopyBatch,
  copyBatchOf,
  type IngestResult,
  ingestCopyBatch,
  lateBeforeNs,
  storedBatchOf,
} from "@/lib/traces/ingest-spans";
import { withSpan } from "@/lib/telemetry";
import { type Decoded, decodeJson, UndecodableError } from "./decode";
import { encodeResponse, encodeStatus } from "./proto";
import type { TimeWindow } from "./span-rules";
import { decodeProtobufCopy } from "./wire-copy";

// The OTLP/HTTP trace receiver (opentelemetry-proto docs/specification.md, OTLP/HTTP): POST
// /v1/traces, protobuf or JSON, gzip or not, answered in the request's own content type.

export interface ReceiverOptions {
  port: number;
  host?: string;
  maxBodyBytes: number;
  retentionDays: number;
  /** Another header that may carry the key, besides Authorization: Bearer. */
  apiKeyHeader?: string;
  /** Requests decoded or stored at once; more get 503 with Retry-After. One key gets three quarters of them. */
  maxInFlight?: number;
  /** How long a client may take to send its body, before it holds a slot; slower gets 408. */
  bodyTimeoutMs?: number;
}

type Encoding = "protobuf" | "json";

// google.rpc.Code values for the error bodies.
const RPC = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
  UNIMPLEMENTED: 12,
  NOT_FOUND: 5,
} as const;

const CONTENT_TYPES: Record<string, Encoding> = { "application/x-protobuf": "protobuf", "application/json": "json" };
const KEY_CACHE_MS = 10_000;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly rpcCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Keys are checked against the database at most every 10 s per key, so a revocation applies within 10 s. */
function keyAuthenticator() {
  const cache = new Map<string, { actor: Actor | null; until: number }>();
  return async (key: string): Promise<Actor | null> => {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.actor;
    const actor = await authenticateApiKey(key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { actor, until: Date.now() + KEY_CACHE_MS });
    return actor;
  };
}

/** Sent with an answer after which the connection is closed (the body was not read to its end). */
const CLOSE = { connection: "close" };

/** The whole body, under a size cap and a deadline: a client too slow is cut off, not waited for. */
function readBody(request: http.IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > limit) {
      reject(
        new HttpFailure(
          413,
          RPC.RESOURCE_EXHAUSTED,
          `body of ${declared} bytes is over the limit of ${limit} bytes`,
          CLOSE,
        ),
      );
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      reject(
        new HttpFailure(408, RPC.DEADLINE_EXCEEDED, `the body did not arrive within ${timeoutMs / 1000} s`, CLOSE),
      );
      request.removeAllListeners("data");
      request.pause();
    }, timeoutMs);
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        clearTimeout(timer);
        reject(new HttpFailure(413, RPC.RESOURCE_EXHAUSTED, `body is over the limit of ${limit} bytes`, CLOSE));
        request.removeAllListeners("data");
        request.pause();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    request.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function decompress(body: Buffer, encoding: string | undefined, limit: number): Buffer {
  const name = (encoding ?? "identity").trim().toLowerCase();
  if (name === "identity" || name === "") return body;
  if (name !== "gzip")
    throw new HttpFailure(415, RPC.INVALID_ARGUMENT, `Content-Encoding ${name} is not supported; use gzip or none`);
  try {
    return zlib.gunzipSync(body, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) {
      throw new HttpFailure(413, RPC.RESOURCE_EXHAUSTED, `body is over the limit of ${limit} bytes once decompressed`);
    }
    throw new HttpFailure(400, RPC.INVALID_ARGUMENT, `body is not valid gzip: ${(err as Error).message}`);
  }
}

type Rejected = Pick<Decoded, "rejected" | "reasons">;

/**
 * Spans outside [now - retention, now + 1 day] would land in partitions that do not belong; a
 * span ending after it is rejected, so a duration (and a rollup's sum of them) stays bounded.
 */
function retentionWindow(retentionDays: number, now: number): TimeWindow {
  return {
    oldestNs: BigInt(now - retentionDays * 86_400_000) * 1_000_000n,
    newestNs: BigInt(now + 86_400_000) * 1_000_000n,
  };
}

function retentionReasons(reasons: string[], tooOld: number, tooNew: number, retentionDays: number): string[] {
  const all = [...reasons];
  if (tooOld) all.push(`${tooOld} span(s) start before the ${retentionDays}-day retention window`);
  if (tooNew) all.push(`${tooNew} span(s) start more than a day in the future`);
  return all;
}

/**
 * The body as COPY rows, with what was rejected. Protobuf, the hot path, is written straight
 * into rows; JSON goes through the normaliser.
 */
function decodeBody(body: Buffer, as: Encoding, retentionDays: number, now: number): CopyBatch & Rejected {
  const window = retentionWindow(retentionDays, now);
  const lateBefore = lateBeforeNs(now);
  try {
    const decoded = as === "protobuf" ? decodeProtobufCopy(body, window, lateBefore) : decodeJson(body, window);
    const batch = "text" in decoded ? decoded : copyBatchOf(storedBatchOf(decoded.spans), lateBefore);
    return {
      ...batch,
      rejected: decoded.rejected + decoded.tooOld + decoded.tooNew,
      reasons: retentionReasons(decoded.reasons, decoded.tooOld, decoded.tooNew, retentionDays),
    };
  } catch (err) {
    if (err instanceof UndecodableError) throw new HttpFailure(400, RPC.INVALID_ARGUMENT, err.message);
    throw err;
  }
}

export interface Receiver {
  server: http.Server;
  listen(): Promise<number>;
  close(): Promise<void>;
  stats: { requests: number; spans: number; rejected: number; busy: number };
}

/**
 * The in-flight slots: at most `max` requests decoded or stored at once, and at most three quarters
 * of them for one API key, so one client can not starve the others. Not half: a single collector
 * fleet sending under one key is the common case, and it should keep most of the receiver.
 */
function slots(max: number) {
  const perKey = Math.max(1, max - Math.floor(max / 4));
  const byKey = new Map<string, number>();
  let taken = 0;
  return {
    take(key: string): boolean {
      const held = byKey.get(key) ?? 0;
      if (taken >= max || held >= perKey) return false;
      taken += 1;
      byKey.set(key, held + 1);
      return true;
    },
    give(key: string): void {
      taken -= 1;
      const held = (byKey.get(key) ?? 1) - 1;
      if (held > 0) byKey.set(key, held);
      else byKey.delete(key);
    },
  };
}

export function createReceiver(options: ReceiverOptions): Receiver {
  const authenticate = keyAuthenticator();
  const inFlight = slots(options.maxInFlight ?? 16);
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  const stats = { requests: 0, spans: 0, rejected: 0, busy: 0 };

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

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://receiver");
    const mediaType = (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    const as: Encoding = CONTENT_TYPES[mediaType] ?? "json";
    try {
      if (url.pathname === "/health" && request.method === "GET")
        return send(response, 200, "json", JSON.stringify({ status: "ok" }));
      if (url.pathname !== "/v1/traces")
        throw new HttpFailure(404, RPC.NOT_FOUND, `no such path ${url.pathname}; traces go to POST /v1/traces`);
      if (request.method !== "POST")
        throw new HttpFailure(405, RPC.UNIMPLEMENTED, `${request.method} is not allowed; use POST`, { allow: "POST" });
      if (!CONTENT_TYPES[mediaType]) {
        throw new HttpFailure(
          415,
          RPC.INVALID_ARGUMENT,
          `Content-Type ${mediaType || "(none)"} is not supported; use application/x-protobuf or application/json`,
        );
      }
      const actor = await actorOf(request);
      if (!actor || !can(actor, "ingest:traces")) {
        throw new HttpFailure(
          401,
          RPC.UNAUTHENTICATED,
          actor
            ? "this API key lacks the ingest:traces scope"
            : "send an API key with the ingest:traces scope as 'Authorization: Bearer <key>'",
          {
            "www-authenticate": 'Bearer realm="vigil-otlp"',
          },
        );
      }
      // The body is read before a slot is taken: a slow sender holds its socket, not a slot.
      const raw = await readBody(request, options.maxBodyBytes, bodyTimeoutMs);
      if (!inFlight.take(actor.id)) {
        stats.busy += 1;
        throw new HttpFailure(503, RPC.UNAVAILABLE, "the receiver is busy; retry after the given delay", {
          "retry-after": "1",
        });
      }
      try {
        const body = decompress(raw, request.headers["content-encoding"], options.maxBodyBytes);
        const receivedAt = Date.now();
        const decoded = decodeBody(body, as, options.retentionDays, receivedAt);
        // A second encoding is asked for only after new attribute keys got their ids; it keeps
        // the same spans (same retention cut-off) as the first, which the response describes.
        let encodings = 0;
        const encode = () => (encodings++ === 0 ? decoded : decodeBody(body, as, options.retentionDays, receivedAt));
        const ctx: Ctx = {
          actor,
          requestId: String(request.headers["x-request-id"] ?? crypto.randomUUID()).slice(0, 100),
          sourceIp: request.socket.remoteAddress ?? null,
        };
        let result: IngestResult;
        try {
          result = await withSpan("otlp ingest", { "vigil.spans": decoded.count }, () => ingestCopyBatch(ctx, encode));
        } catch (err) {
          // Values PostgreSQL refuses come back as rejected spans: what is thrown is the store
          // being unavailable, which a retry may get past.
          console.error("storing spans failed", err);
          throw new HttpFailure(
            503,
            RPC.UNAVAILABLE,
            "spans could not be stored just now; nothing from this request was kept, retry",
            { "retry-after": "5" },
          );
        }
        const rejected = decoded.rejected + result.rejected;
        stats.requests += 1;
        stats.spans += decoded.count - result.rejected;
        stats.rejected += rejected;
        send(response, 200, as, encodeResponse({ rejected, reasons: [...decoded.reasons, ...result.reasons] }, as));
      } finally {
        inFlight.give(actor.id);
      }
    } catch (err) {
      const failure = err instanceof HttpFailure ? err : new HttpFailure(500, 13, "internal error");
      if (!(err instanceof HttpFailure)) console.error("OTLP request failed", err);
      if (!response.headersSent)
        send(response, failure.status, as, encodeStatus(failure.rpcCode, failure.message, as), failure.headers);
    }
  }

  async function actorOf(request: http.IncomingMessage): Promise<Actor | null> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ""))?.[1];
    const custom = options.apiKeyHeader ? request.headers[options.apiKeyHeader.toLowerCase()] : undefined;
    const key = bearer ?? (typeof custom === "string" ? custom.trim() : undefined);
    return key ? authenticate(key) : null;
  }

  const server = http.createServer((request, response) => void handle(request, response));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;

  return {
    server,
    stats,
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
