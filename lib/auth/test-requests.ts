import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createUser } from "../access/users";
import { type Role, systemCtx } from "../context";
import { publicUrl } from "../env";
import { uniqueName } from "../../test/factories";
import { handleAuthRequest } from "./handler";
import { runWithPeer } from "./request-scope";

// For tests: people, sessions and requests against the real route handlers.

export const PASSWORD = "a-long-enough-password";

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
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  peer: string | null = "203.0.113.7",
): Promise<Response> {
  const request = new Request(`${publicUrl()}/api/auth${path}`, {
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

export async function sessionCookie(email: string, password: string): Promise<string> {
  const response = await authPost("/sign-in/email", { email, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookieOf(response);
}

type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Calls an app/ route handler as Next.js would, from the given socket peer. */
export function callRoute<P>(
  handler: RouteHandler<P>,
  path: string,
  init: RequestInit = {},
  params = {} as P,
  peer: string | null = "203.0.113.7",
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("origin")) headers.set("origin", publicUrl());
  const request = new Request(new URL(path, publicUrl()), { ...init, headers, duplex: "half" } as RequestInit);
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
