import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { type AllowList, checkDestination, type Destination, notifyAllowList } from "./outbound-guard";
import { ATTEMPT_TIMEOUT_MS, classifyHttp, retryAfterMs, type SendResult } from "./backoff";

const ANSWER_CHARS = 300;

/** Text the log can store: no NUL, no lone surrogate, at most `max` characters. */
export function loggable(value: string, max = 1000): string {
  const cleaned = value
    .replace(/\0/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  return cleaned.length <= max ? cleaned : `${cleaned.slice(0, max - 1)}…`;
}

export function describeSendError(err: unknown): string {
  if (!(err instanceof Error)) return loggable(String(err));
  if (err.name === "TimeoutError" || err.name === "AbortError")
    return `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : "";
  return loggable(detail ? `${err.message}: ${detail}` : err.message);
}

export interface Answer {
  status: number;
  retryAfter: string | null;
  text: string;
}

/** Rejects with the signal's reason once it aborts (a DNS lookup takes no signal of its own). */
export function within<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/**
 * Sends a JSON body (POST, or PUT for runbooks) to the checked address only: the socket's lookup
 * answers with it, while the Host header and TLS name (and so the certificate check) stay the
 * URL's. No pooled sockets, no redirects followed.
 */
export function sendToDestination(
  url: URL,
  to: Destination,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  method: "POST" | "PUT" = "POST",
) {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [to]);
    else callback(null, to.address, to.family);
  };
  return new Promise<Answer>((resolve, reject) => {
    // Once the attempt's time is up, that is the reason, not the reset it causes.
    const fail = (err: unknown) => reject(signal.aborted ? signal.reason : err);
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
        lookup: pinned,
        agent: false,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const text = Buffer.concat(chunks).toString("utf8").trim().slice(0, ANSWER_CHARS);
          const retryAfter = response.headers["retry-after"] ?? null;
          resolve({ status: response.statusCode ?? 0, retryAfter, text });
          response.destroy();
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.byteLength;
          if (size >= ANSWER_CHARS * 4) done();
        });
        response.on("end", done);
        response.on("error", fail);
        response.on("close", () => (signal.aborted ? fail(signal.reason) : done()));
      },
    );
    request.on("error", fail);
    request.end(body);
  });
}

/**
 * One POST within the attempt timeout (resolving, connecting, sending and reading the answer), to
 * a destination the outbound guard let through. A refused one is a failure not worth retrying.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  allow: AllowList = notifyAllowList(),
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(ATTEMPT_TIMEOUT_MS);
  try {
    const target = new URL(url);
    const destination = await within(checkDestination(target, allow), signal);
    if ("refused" in destination)
      return { ok: false, retryable: false, status: null, error: destination.refused, durationMs: elapsed() };
    const response = await sendToDestination(target, destination, body, headers, signal);
    const answer = loggable(response.text, ANSWER_CHARS);
    const { ok, retryable } = classifyHttp(response.status);
    const error = ok ? null : `HTTP ${response.status}${answer ? `: ${answer}` : ""}`;
    const retryAfter = retryable ? retryAfterMs(response.retryAfter, Date.now()) : undefined;
    return { ok, retryable, status: response.status, error, durationMs: elapsed(), retryAfterMs: retryAfter };
  } catch (err) {
    return { ok: false, retryable: true, status: null, error: describeSendError(err), durationMs: elapsed() };
  }
}
