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
}

/** 2xx is delivered; network errors, timeouts, 408, 429 and 5xx are worth retrying; other answers are not. */
export function classifyHttp(status: number): { ok: boolean; retryable: boolean } {
  if (status >= 200 && status < 300) return { ok: true, retryable: false };
  return { ok: false, retryable: status === 408 || status === 429 || status >= 500 };
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
  return { outcome: "retry", nextAttemptAt: new Date(now.getTime() + BACKOFF_MS[attempt - 1]) };
}
