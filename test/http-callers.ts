import path from "node:path";
import { createApiKey } from "@/lib/access/api-keys";
import { createUser } from "@/lib/access/users";
import { handleAuthRequest } from "@/lib/auth/handler";
import { type ApiKeyScope, type Role, systemCtx } from "@/lib/context";
import { publicUrl } from "@/lib/env";
import type { RouteEntry } from "@/lib/http/routes";
import { uniqueName } from "./factories";

// Real callers of the real route handlers: a person signed in through better-auth (a session
// cookie), or an API key, calling the handler a route file under app/ exports.

const PASSWORD = "a-long-enough-password";

/** The session cookie of a new person with this role. */
export async function sessionCookie(role: Role): Promise<string> {
  const email = `${uniqueName(role)}@example.com`;
  await createUser(systemCtx("test"), { email, role, password: PASSWORD });
  const response = await handleAuthRequest(
    new Request(`${publicUrl()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: publicUrl() },
      body: JSON.stringify({ email, password: PASSWORD }),
    }),
  );
  if (response.status !== 200) throw new Error(`sign-in as ${role} answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** A new API key with these scopes, as the Authorization header value. */
export async function bearerKey(scopes: ApiKeyScope[]): Promise<string> {
  const { key } = await createApiKey(systemCtx("test"), { name: uniqueName("key"), scopes });
  return `Bearer ${key}`;
}

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The handler app/<route>/route.ts exports for the entry's method. */
export async function handlerOf(entry: Pick<RouteEntry, "method" | "route">): Promise<RouteHandler> {
  const file = path.resolve(import.meta.dirname, "..", "app", ...entry.route.split("/").filter(Boolean), "route.ts");
  const module = (await import(file)) as Record<string, RouteHandler | undefined>;
  const handler = module[entry.method];
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

/** Calls the route's handler as Next would, with the given URL path, headers and body. */
export async function callRoute(
  entry: Pick<RouteEntry, "method" | "route">,
  init: {
    path?: string;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    body?: BodyInit | null;
  } = {},
): Promise<Response> {
  const urlPath = init.path ?? entry.route;
  const handler = await handlerOf(entry);
  const request = new Request(new URL(urlPath, publicUrl()), {
    method: entry.method,
    headers: init.headers,
    body: init.body ?? undefined,
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return handler(request, { params: Promise.resolve(init.params ?? paramsOf(entry.route, urlPath)) });
}
