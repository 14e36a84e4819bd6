import { ATTEMPT_TIMEOUT_MS, classifyHttp, retryAfterMs, type SendResult } from "./backoff";

const ANSWER_CHARS = 300;

/** Text the log can store: no NUL, no lone surrogate, at most `max` characters. */
export function loggable(value: string, max = 1000): string {
  const cleaned = value
    .replace(/\0/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  return cleaned.length <= max ? cleaned : `${cleaned.slice(0, max - 1)}…`;
}

/** The first few hundred characters of an answer (Slack's "invalid_payload", PagerDuty's errors). */
async function answerStart(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < ANSWER_CHARS * 4) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return new TextDecoder().decode(Buffer.concat(chunks)).trim().slice(0, ANSWER_CHARS);
}

export function describeSendError(err: unknown): string {
  if (!(err instanceof Error)) return loggable(String(err));
  if (err.name === "TimeoutError" || err.name === "AbortError")
    return `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : "";
  return loggable(detail ? `${err.message}: ${detail}` : err.message);
}

/**
 * One POST within the attempt timeout (connecting, sending and reading the answer). Redirects are
 * not followed: a hook that moved is reported, not chased to wherever it points.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
      redirect: "manual",
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    const answer = loggable(await answerStart(response), ANSWER_CHARS);
    const { ok, retryable } = classifyHttp(response.status);
    const error = ok ? null : `HTTP ${response.status}${answer ? `: ${answer}` : ""}`;
    const retryAfter = retryable ? retryAfterMs(response.headers.get("retry-after"), Date.now()) : undefined;
    return { ok, retryable, status: response.status, error, durationMs: elapsed(), retryAfterMs: retryAfter };
  } catch (err) {
    return { ok: false, retryable: true, status: null, error: describeSendError(err), durationMs: elapsed() };
  }
}
