import http from "node:http";
import { decodeProtobuf } from "@/collectors/otlp/decode";
import { syntheticRequest } from "@/collectors/otlp/synthetic";
import { systemCtx } from "@/lib/context";
import { attributeKeys, registerAttributeKeys } from "@/lib/traces/attribute-keys";
import { encodeSpans } from "@/lib/traces/encode-spans";
import type { SpanRecord } from "@/lib/traces/span-record";

// The requests bench-ingest sends, and the rows its plain COPY writes, prepared before the clock starts.

interface Patched {
  buffer: Buffer;
  /** Where the first byte of each trace id is, and its value there. */
  offsets: Int32Array;
  originals: Uint8Array;
}

/**
 * Hands out prepared buffers in turn: take(n) gives buffer n modulo their count. Each time round,
 * the first byte of every trace id is XORed with the round number (by `write`), so no span repeats
 * one already stored; span ids are random, so spans of different buffers never clash. A buffer is
 * taken again only after every other one, long after it was last sent.
 */
function inTurn(prepared: Patched[], write: (buffer: Buffer, at: number, value: number) => void) {
  return (n: number): Buffer => {
    const { buffer, offsets, originals } = prepared[n % prepared.length];
    const round = Math.floor(n / prepared.length);
    if (round > 255) throw new Error("ran out of distinct spans");
    for (let i = 0; i < offsets.length; i++) write(buffer, offsets[i], originals[i] ^ round);
    return buffer;
  };
}

/** Spans as the rows the receiver stores, attribute keys by their ids. */
async function copyRowsOf(spans: SpanRecord[]): Promise<string | Buffer> {
  const keys = attributeKeys();
  const first = encodeSpans(spans, keys);
  if (first.newKeys.size === 0) return first.rows;
  await registerAttributeKeys(systemCtx("bench"), first.newKeys);
  return encodeSpans(spans, keys).rows;
}

/** COPY text for `count` synthetic requests, for the plain COPY. */
export async function plainCopyBatches(count: number, spansPerRequest: number, atMs: number) {
  const prepared: Patched[] = [];
  for (let i = 0; i < count; i++) {
    const buffer = Buffer.from(
      await copyRowsOf(decodeProtobuf(syntheticRequest(spansPerRequest, atMs - i * 1000, i)).spans),
    );
    // A row starts with start_time, a tab, then the trace id as bytea: two backslashes, "x" and hex.
    const offsets: number[] = [];
    for (let line = 0; line < buffer.length;) {
      offsets.push(buffer.indexOf(9, line) + 4);
      const end = buffer.indexOf(10, line);
      line = end < 0 ? buffer.length : end + 1;
    }
    prepared.push({
      buffer,
      offsets: Int32Array.from(offsets),
      originals: Uint8Array.from(offsets, (at) => Number.parseInt(buffer.toString("latin1", at, at + 2), 16)),
    });
  }
  return inTurn(prepared, (buffer, at, value) => buffer.write(value.toString(16).padStart(2, "0"), at, "latin1"));
}

/** `count` synthetic protobuf requests, for the receiver. */
export function requestBodies(count: number, spansPerRequest: number, atMs: number) {
  const prepared: Patched[] = [];
  for (let i = 0; i < count; i++) {
    const buffer = Buffer.from(syntheticRequest(spansPerRequest, atMs - i * 1000, i));
    const offsets: number[] = [];
    for (const traceId of new Set(decodeProtobuf(buffer).spans.map((span) => span.traceId))) {
      const bytes = Buffer.from(traceId, "hex");
      for (let at = buffer.indexOf(bytes); at >= 0; at = buffer.indexOf(bytes, at + 1)) offsets.push(at);
    }
    prepared.push({
      buffer,
      offsets: Int32Array.from(offsets),
      originals: Uint8Array.from(offsets, (at) => buffer[at]),
    });
  }
  return {
    sizes: prepared.map(({ buffer }) => buffer.length),
    take: inTurn(prepared, (buffer, at, value) => {
      buffer[at] = value;
    }),
  };
}

/**
 * POSTs one body over a kept-alive connection. node:http rather than fetch: fetch costs the
 * sending side several times more CPU per request, and the senders share the machine with the
 * receiver and PostgreSQL.
 */
export function post(
  agent: http.Agent,
  url: URL,
  body: Uint8Array,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": String(body.length) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
