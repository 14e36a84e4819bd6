import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { BlockList } from "node:net";
import { env } from "../env";
import { addressList, clientAddress } from "./client-address";

/** What the audit trail records about the HTTP request a change came from. */
interface RequestInfo {
  requestId: string;
  sourceIp: string | null;
}

// One store per process even though Next.js bundles this module more than once (see lib/db.ts).
const holder = globalThis as typeof globalThis & {
  __vigilRequestScope?: AsyncLocalStorage<RequestInfo>;
  __vigilPeerScope?: AsyncLocalStorage<string | null>;
  __vigilTrustedProxies?: BlockList;
};
holder.__vigilRequestScope ??= new AsyncLocalStorage<RequestInfo>();
holder.__vigilPeerScope ??= new AsyncLocalStorage<string | null>();
const scope = holder.__vigilRequestScope;
const peers = holder.__vigilPeerScope;

export function runInRequest<T>(info: RequestInfo, work: () => T): T {
  return scope.run(info, work);
}

export function currentRequest(): RequestInfo {
  return scope.getStore() ?? { requestId: randomUUID(), sourceIp: null };
}

/**
 * Runs one HTTP request's handling with the address of the socket it came in on. The web server
 * calls this around Next.js: a route handler sees only headers, and `next start` writes the peer
 * into X-Forwarded-For only when the client sent none, so no header can tell the peer.
 */
export function runWithPeer<T>(peer: string | null, work: () => T): T {
  return peers.run(peer, work);
}

/** The socket peer of the request being served; undefined when no server said (plain `next start`). */
export function socketPeer(): string | null | undefined {
  return peers.getStore();
}

function trustedProxies(): BlockList {
  holder.__vigilTrustedProxies ??= addressList(env().VIGIL_TRUSTED_PROXIES);
  return holder.__vigilTrustedProxies;
}

/**
 * The client's address: the socket peer, or what a trusted proxy (VIGIL_TRUSTED_PROXIES) says in
 * X-Forwarded-For. With the peer unknown it is null rather than whatever a header claims.
 */
export function requestClient(headers: Headers, trusted: BlockList = trustedProxies()): string | null {
  return clientAddress(socketPeer() ?? null, headers.get("x-forwarded-for"), trusted);
}

// Printable ASCII without spaces: a request id is an opaque token, and it lands in CSV and logs.
const REQUEST_ID = /^[\x21-\x7e]{1,100}$/;

export function requestInfo(headers: Headers): RequestInfo {
  const sent = headers.get("x-request-id");
  return { requestId: sent && REQUEST_ID.test(sent) ? sent : randomUUID(), sourceIp: requestClient(headers) };
}
