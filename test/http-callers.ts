import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { createApiKey } from "@/lib/access/api-keys";
import { createUser } from "@/lib/access/users";
import { handleAuthRequest } from "@/lib/auth/handler";
import { runWithPeer } from "@/lib/auth/request-scope";
import { type ApiKeyScope, type Role, systemCtx } from "@/lib/context";
import { publicUrl } from "@/lib/env";
import type { RouteEntry } from "@/lib/http/routes";
import { uniqueName } from "./factories";

// Real callers of the real route handlers: a person signed in through better-auth (a session
// cookie), or an API key, calling the handler a route file under app/ exports.

export const PASSWORD = "a-long-enough-password";
const PEER = "203.0.113.7";

/** A new person with this role and a known password (or a one-time one). */
export async function newPerson(
  role: Role = "viewer",
  options: { oneTime?: boolean } = {},
): Promise<{ email: string; password: string }> {
  const email = `${uniqueName("person")}@example.com`;
  const created = await createUser(systemCtx("test"), {
    email,
    role,
    password: options.oneTime ? undefined : PASSWORD,
  });
  return { email, password: created.oneTimePassword ?? PASSWORD };
}

/** A POST to /api/auth/<path> from Vigil's own page, as the given socket peer. */
export function authPost(
  authPath: string,
  body: unknown,
  headers: Record<string, string> = {},
  peer: string | null = PEER,
): Promise<Response> {
  const request = new Request(`${publicUrl()}/api/auth${authPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: publicUrl(), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return runWithPeer(peer, () => handleAuthRequest(request));
}

export function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** The session cookie of this person, signed in with email and password. */
export async function signIn(email: string, password: string): Promise<string> {
  const response = await authPost("/sign-in/email", { email, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookieOf(response);
}

/** The session cookie of a new person with this role. */
export async function sessionCookie(role: Role): Promise<string> {
  const { email, password } = await newPerson(role);
  return signIn(email, password);
}

/** A new API key with these scopes, as the Authorization header value. */
export async function bearerKey(scopes: ApiKeyScope[]): Promise<string> {
  const { key } = await createApiKey(systemCtx("test"), { name: uniqueName("key"), scopes });
  return `Bearer ${key}`;
}

type RouteHandler<P = Record<string, string>> = (
  request: Request,
  context: { params: Promise<P> },
) => Promise<Response>;

/** The handler app/<route>/route.ts exports for the entry's method. */
async function handlerOf(entry: Pick<RouteEntry, "method" | "route">): Promise<RouteHandler> {
  const file = path.resolve(import.meta.dirname, "..", "app", ...entry.route.split("/").filter(Boolean), "route.ts");
  const exported = (await import(file)) as Record<string, RouteHandler | undefined>;
  const handler = exported[entry.method];
  if (!handler) throw new Error(`${file} exports no ${entry.method}`);
  return handler;
}

/** The dynamic segments of `route` ([id]) as they appear in `urlPath`. */
export function paramsOf(route: string, urlPath: string): Record<string, string> {
  const names = route.split("/");
  const values = new URL(urlPath, "http://x").pathname.split("/");
  return Object.fromEntries(
    names.flatMap((name, i) => (/^\[\w+\]$/.test(name) ? [[name.slice(1, -1), decodeURIComponent(values[i])]] : [])),
  );
}

/**
 * Calls the route's handler (the one app/ exports, unless the entry brings its own) as Next would,
 * with the given URL path, headers and body.
 */
export async function callRoute(
  entry: Pick<RouteEntry, "method" | "route"> & { handler?: RouteHandler },
  init: {
    path?: string;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    body?: BodyInit | null;
  } = {},
): Promise<Response> {
  const urlPath = init.path ?? entry.route;
  const handler = entry.handler ?? (await handlerOf(entry));
  const request = new Request(new URL(urlPath, publicUrl()), {
    method: entry.method,
    headers: init.headers,
    body: init.body ?? undefined,
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return handler(request, { params: Promise.resolve(init.params ?? paramsOf(entry.route, urlPath)) });
}

/** Calls an imported route handler as Next.js would, from Vigil's own origin and the given socket peer. */
export function callHandler<P>(
  handler: RouteHandler<P>,
  urlPath: string,
  init: RequestInit = {},
  params = {} as P,
  peer: string | null = PEER,
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("origin")) headers.set("origin", publicUrl());
  const request = new Request(new URL(urlPath, publicUrl()), { ...init, headers, duplex: "half" } as RequestInit);
  return runWithPeer(peer, () => handler(request, { params: Promise.resolve(params) }));
}

/**
 * A real HTTP server in front of a handler, as the proposed web server would run Next.js: each
 * request handled with its socket's address as the peer. Bodies stream through unbuffered.
 */
export async function serve(
  handler: (request: Request) => Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const request = new Request(new URL(req.url ?? "/", publicUrl()), {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) =>
        Array.isArray(value) ? value.map((item) => [name, item]) : value ? [[name, value]] : [],
      ) as [string, string][],
      body:
        req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
      duplex: "half",
    } as RequestInit);
    void runWithPeer(req.socket.remoteAddress ?? null, () => handler(request)).then(async (response) => {
      res.writeHead(response.status, [...response.headers].flat());
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A body of `totalBytes` sent in chunks with no Content-Length, as `Transfer-Encoding: chunked` arrives. */
export function chunkedBody(start: string, totalBytes: number, filler = "a"): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunk = encoder.encode(filler.repeat(16 * 1024));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(encoder.encode(start));
      if (sent >= totalBytes) controller.close();
      else controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}
