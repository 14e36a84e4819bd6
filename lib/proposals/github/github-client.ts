import { oneLine } from "@/lib/proposals/patch/message-text";
import type { GithubConfig } from "@/lib/proposals/github/github-config";

// The few GitHub REST calls Vigil makes, with plain fetch: a bearer token, the versioned media
// type, a timeout per call. A failure becomes a GithubError whose message names the call and
// GitHub's own message, bounded, never the token; `retryable` says whether waiting can fix it.

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_MESSAGE = 500;

export class GithubError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "GithubError";
  }
}

export interface GithubClient {
  /** The parsed JSON of a 2xx answer; a GithubError otherwise. */
  request<T>(method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<T>;
}

/** GitHub's own message, and the first validation error's when it gives some. */
function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: { message?: unknown }[] };
    const detail = parsed.errors?.find((e) => typeof e?.message === "string")?.message;
    if (typeof parsed.message === "string") return detail ? `${parsed.message}: ${String(detail)}` : parsed.message;
  } catch {
    // not JSON: the text itself
  }
  return body || "no message";
}

function retryableStatus(status: number, headers: Headers): boolean {
  if (status >= 500 || status === 408 || status === 429) return true;
  return status === 403 && headers.get("x-ratelimit-remaining") === "0";
}

export function githubClient(config: GithubConfig, options: { timeoutMs?: number } = {}): GithubClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // A token too short to be a real one would mangle the message without protecting anything.
  const redact = (text: string) => (config.token.length >= 8 ? text.split(config.token).join("[token]") : text);
  const safe = (text: string) => oneLine(redact(text), MAX_MESSAGE);
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const call = `${method} ${path.split("?")[0]}`;
      let response: Response;
      try {
        response = await fetch(`${config.apiUrl}${path}`, {
          method,
          headers: {
            Accept: "application/vnd.github+json",
            Authorization: `Bearer ${config.token}`,
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "vigil",
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "error",
        });
      } catch (err) {
        const { code, message } = (err as { cause?: { code?: string; message?: string } }).cause ?? {};
        const cause = code ?? message;
        const why =
          (err as Error).name === "TimeoutError"
            ? `no answer within ${timeoutMs} ms`
            : (cause ?? (err as Error).message);
        throw new GithubError(null, safe(`GitHub could not be reached (${call}): ${why}`), true);
      }
      const text = await response.text().catch(() => null);
      if (text === null) throw new GithubError(null, safe(`GitHub's answer to ${call} was cut off`), true);
      if (response.ok) {
        try {
          return (text ? JSON.parse(text) : null) as T;
        } catch {
          throw new GithubError(response.status, safe(`GitHub's answer to ${call} is not JSON`), true);
        }
      }
      throw new GithubError(
        response.status,
        safe(`GitHub answered ${response.status} to ${call}: ${messageOf(text.slice(0, 65_536))}`),
        retryableStatus(response.status, response.headers),
      );
    },
  };
}
