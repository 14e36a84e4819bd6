import { ATTEMPT_TIMEOUT_MS } from "@/lib/notifications/backoff";
import { type AllowList, checkDestination, notifyAllowList } from "@/lib/notifications/outbound-guard";
import { describeSendError, loggable, sendToDestination, within } from "@/lib/notifications/send-http";

// One runbook call through the notifications' outbound guard and sender: the host's addresses are
// checked when sent (the same VIGIL_NOTIFY_ALLOW_PRIVATE list), the socket pinned to the checked
// one, and everything (resolving, connecting, sending, the answer) done within 10 s.

export const RUN_TIMEOUT_MS = ATTEMPT_TIMEOUT_MS;

export interface RunOutcome {
  ok: boolean;
  statusCode: number | null;
  /** The answer's first characters. */
  response: string | null;
  durationMs: number;
  error: string | null;
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EAI_AGAIN"]);

function describe(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  const text = describeSendError(err);
  return typeof code === "string" && UNREACHABLE.has(code) ? `unreachable: ${text}` : text;
}

/** Never throws: a refusal, a timeout or an unreachable host is an outcome with its error. */
export async function sendRunRequest(
  request: { method: "POST" | "PUT"; url: string; headers: Record<string, string>; body: string },
  allow: AllowList = notifyAllowList(),
): Promise<RunOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(RUN_TIMEOUT_MS);
  const failed = (error: string): RunOutcome => ({
    ok: false,
    statusCode: null,
    response: null,
    durationMs: elapsed(),
    error,
  });
  try {
    const target = new URL(request.url);
    const destination = await within(checkDestination(target, allow), signal);
    if ("refused" in destination) return failed(destination.refused);
    const answer = await sendToDestination(target, destination, request.body, request.headers, signal, request.method);
    const ok = answer.status >= 200 && answer.status < 300;
    return {
      ok,
      statusCode: answer.status,
      response: loggable(answer.text, 2000),
      durationMs: elapsed(),
      error: ok ? null : `HTTP ${answer.status}`,
    };
  } catch (err) {
    return failed(describe(err));
  }
}
