import { randomBytes } from "node:crypto";
import { createApiKey } from "@/lib/access/api-keys";
import { type ApiKeyScope, systemCtx } from "@/lib/context";
import { uniqueName } from "@/test/factories";
import { RequestType, ResponseType } from "./proto";
import { createReceiver, type Receiver } from "./receiver";

// OTLP requests for the receiver's tests, written in the OTLP JSON form and sent as JSON or
// protobuf, and the receiver's answers read back the same way in either.

export type Json = Record<string, unknown>;

export const nowNs = () => BigInt(Date.now()) * 1_000_000n;
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A span that is stored as it is: fresh ids, starting at `atNs`, a millisecond long. */
export function goodSpan(name: string, atNs = nowNs()): Json {
  return {
    traceId: hex(16),
    spanId: hex(8),
    name,
    kind: 2,
    startTimeUnixNano: String(atNs),
    endTimeUnixNano: String(atNs + 1_000_000n),
  };
}

export const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One ResourceSpans of `service` holding `spans`, with more resource attributes and a scope if given. */
export function request(service: string, spans: Json[], options: { resource?: Json[]; scope?: Json } = {}): Json {
  return {
    resourceSpans: [
      {
        resource: { attributes: [str("service.name", service), ...(options.resource ?? [])] },
        scopeSpans: [{ scope: options.scope ?? { name: "test" }, spans }],
      },
    ],
  };
}

const ID_FIELDS = new Set(["traceId", "spanId", "parentSpanId"]);

/** The OTLP JSON form as protobufjs takes it: ids as bytes (JSON has them as hex). */
function protobufForm(value: unknown, key = ""): unknown {
  if (ID_FIELDS.has(key) && typeof value === "string") return Buffer.from(value, "hex");
  if (Array.isArray(value)) return value.map((item) => protobufForm(item));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, protobufForm(v, k)]));
  return value;
}

/** A JSON-form request as protobuf bytes. */
function asProtobuf(json: Json): Buffer {
  return Buffer.from(RequestType.encode(RequestType.fromObject(protobufForm(json) as Json)).finish());
}

export interface Answer {
  status: number;
  rejected: number;
  message: string;
}

/** POSTs a JSON-form request as JSON or protobuf; the answer read in its own encoding. */
export async function send(url: string, key: string, body: Json | Buffer, as: "json" | "protobuf"): Promise<Answer> {
  const bytes = Buffer.isBuffer(body) ? body : as === "json" ? Buffer.from(JSON.stringify(body)) : asProtobuf(body);
  const response = await fetch(url, {
    method: "POST",
    body: bytes as BodyInit,
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": as === "json" ? "application/json" : "application/x-protobuf",
    },
  });
  const raw = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) return { status: response.status, rejected: 0, message: raw.toString() };
  if (as === "json") {
    const answer = JSON.parse(raw.toString()) as { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } };
    return {
      status: 200,
      rejected: Number(answer.partialSuccess?.rejectedSpans ?? 0),
      message: answer.partialSuccess?.errorMessage ?? "",
    };
  }
  const answer = ResponseType.toObject(ResponseType.decode(raw), { longs: Number }) as {
    partialSuccess?: { rejectedSpans?: number; errorMessage?: string };
  };
  return {
    status: 200,
    rejected: answer.partialSuccess?.rejectedSpans ?? 0,
    message: answer.partialSuccess?.errorMessage ?? "",
  };
}

/** A receiver on a free local port, taking bodies up to `maxBodyBytes`; the test closes it. */
export async function listeningReceiver(maxBodyBytes: number): Promise<{ receiver: Receiver; url: string }> {
  const receiver = createReceiver({ port: 0, host: "127.0.0.1", maxBodyBytes, retentionDays: 15 });
  return { receiver, url: `http://127.0.0.1:${await receiver.listen()}/v1/traces` };
}

/** A new API key with `scopes`, as the Bearer token a sender would use. */
export async function ingestKey(scopes: ApiKeyScope[]): Promise<string> {
  return (await createApiKey(systemCtx("test"), { name: uniqueName("otlp"), scopes })).key;
}

/** `body` POSTed as it is, with `key` as the Bearer token; a header given overrides it. */
export function postRaw(url: string, key: string, body: Buffer | string, headers: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    body: body as BodyInit,
    headers: { authorization: `Bearer ${key}`, ...headers },
  });
}
