// The HTTP side of the OTLP receiver: failures as status and google.rpc.Code, and the request
// body read under a size cap and a deadline, then decompressed.

import type http from "node:http";
import zlib from "node:zlib";

// google.rpc.Code values for the error bodies.
export const RPC = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
  UNIMPLEMENTED: 12,
  NOT_FOUND: 5,
  INTERNAL: 13,
} as const;

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly rpcCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Sent with an answer after which the connection is closed (the body was not read to its end). */
const CLOSE = { connection: "close" };

const tooLarge = (message: string) => new HttpFailure(413, RPC.RESOURCE_EXHAUSTED, message, CLOSE);

/** The whole body, under a size cap and a deadline: a client too slow is cut off, not waited for. */
export function readBody(request: http.IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > limit) {
      reject(tooLarge(`body of ${declared} bytes is over the limit of ${limit} bytes`));
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (failure: Error) => {
      reject(failure);
      request.removeAllListeners("data");
      request.pause();
    };
    const timer = setTimeout(
      () =>
        stop(
          new HttpFailure(408, RPC.DEADLINE_EXCEEDED, `the body did not arrive within ${timeoutMs / 1000} s`, CLOSE),
        ),
      timeoutMs,
    );
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      clearTimeout(timer);
      stop(tooLarge(`body is over the limit of ${limit} bytes`));
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

export function decompress(body: Buffer, encoding: string | undefined, limit: number): Buffer {
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
