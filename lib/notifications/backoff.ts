/** Waits before the 2nd, 3rd, ... attempt; after the last one fails the delivery is given up. */
export const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 7_200_000] as const;
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
/** Each attempt's limit for connecting, sending and the answer. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** What a send came to: a status (HTTP, or SMTP for e-mail) or an error, and whether trying again may help. */
export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  retryable: boolean;
  durationMs: number;
  /** The receiver's Retry-After (429, 503), honoured when longer than the backoff, up to its longest wait. */
  retryAfterMs?: number;
}

/** 2xx is delivered; network errors, timeouts, 408, 429 and 5xx are worth retrying; other answers are not. */
export function classifyHttp(status: number): { ok: boolean; retryable: boolean } {
  if (status >= 200 && status < 300) return { ok: true, retryable: false };
  return { ok: false, retryable: status === 408 || status === 429 || status >= 500 };
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The outcome of attempt number `attempt` (1-based) and when the next one is due. */
export function nextStep(
  result: SendResult,
  attempt: number,
  now: Date,
  options: { retries?: boolean } = {},
): { outcome: "sent" | "retry" | "failed"; nextAttemptAt: Date | null } {
  if (result.ok) return { outcome: "sent", nextAttemptAt: null };
  if (!result.retryable || options.retries === false || attempt >= MAX_ATTEMPTS)
    return { outcome: "failed", nextAttemptAt: null };
  const longest = BACKOFF_MS[BACKOFF_MS.length - 1];
  const wait = Math.max(BACKOFF_MS[attempt - 1], Math.min(result.retryAfterMs ?? 0, longest));
  return { outcome: "retry", nextAttemptAt: new Date(now.getTime() + wait) };
}
