import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** What the audit trail records about the HTTP request a change came from. */
export interface RequestInfo {
  requestId: string;
  sourceIp: string | null;
}

// One store per process even though Next.js bundles this module more than once (see lib/db.ts).
const holder = globalThis as typeof globalThis & { __vigilRequestScope?: AsyncLocalStorage<RequestInfo> };
holder.__vigilRequestScope ??= new AsyncLocalStorage<RequestInfo>();
const scope = holder.__vigilRequestScope;

export function runInRequest<T>(info: RequestInfo, work: () => T): T {
  return scope.run(info, work);
}

export function currentRequest(): RequestInfo {
  return scope.getStore() ?? { requestId: randomUUID(), sourceIp: null };
}

/**
 * The client's address. `next start` fills X-Forwarded-For from the socket when the client sent
 * none, so without a proxy in front the address is only as honest as the client: the per-account
 * sign-in limit does not depend on it, the per-address limit does (docs in README, Security).
 */
export function requestInfo(headers: Headers): RequestInfo {
  const requestId = headers.get("x-request-id")?.slice(0, 100) || randomUUID();
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim().replace(/^::ffff:(?=\d+\.)/, "");
  return { requestId, sourceIp: forwarded ? forwarded.slice(0, 64) : null };
}
