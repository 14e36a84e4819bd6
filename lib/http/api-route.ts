import { ZodError } from "zod";
import { ownOrigins } from "../auth/own-origins";
import { actorFromHeaders } from "../auth/session";
import { requestInfo } from "../auth/request-scope";
import { authorize, type Ctx } from "../context";
import { dataErrorCode, toErrorBody, VigilError } from "../errors";
import { withSpan } from "../telemetry";
import { inputError } from "../validation";
import { readBody } from "./read-body";
import { ROUTES } from "./routes";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Largest JSON body a write accepts. */
export const MAX_JSON_BYTES = 1024 * 1024;

type Handler<P> = (ctx: Ctx, request: Request, params: P) => Promise<unknown>;

interface RouteContext<P> {
  params: Promise<P>;
}

/**
 * Cookie-authenticated writes must come from Vigil's own pages: the browser's Origin must be one of
 * Vigil's own addresses (never what the request's Host header claims, which the sender chooses),
 * or, without an Origin, Sec-Fetch-Site must say same-origin. API keys are sent explicitly.
 */
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (origin ? ownOrigins().includes(origin) : site === "same-origin") return;
  throw new VigilError("forbidden", "Cross-site request refused: send writes from Vigil's pages or with an API key");
}

/** The permission a route needs, from the route table, so it is checked before anything is read. */
function permissionOf(name: string) {
  const entry = ROUTES.find((route) => `${route.method} ${route.route}` === name);
  if (!entry) throw new Error(`apiRoute("${name}"): no such entry in lib/http/routes.ts`);
  return entry.access === "public" || entry.access === "signed-in" ? null : entry.access;
}

/** A thrown error as the response body; data errors from PostgreSQL are the caller's, not ours. */
function errorResponse(name: string, err: unknown, requestId: string): Response {
  const error = err instanceof ZodError ? inputError(err) : err;
  if (!(error instanceof VigilError)) {
    const code = dataErrorCode(error);
    if (code) console.error(`${name}: a request value reached PostgreSQL unvalidated (SQLSTATE ${code})`, error);
    else console.error(`${name} failed`, error);
  }
  const { status, body } = toErrorBody(error);
  return Response.json(
    { ...body, requestId },
    { status, headers: status === 401 ? { "www-authenticate": 'Bearer realm="vigil"' } : undefined },
  );
}

/**
 * Every /api/v1 handler, named "METHOD /route" as in lib/http/routes.ts: 401 without a valid session
 * or key, a CSRF check on cookie writes, the route's permission before its body is read, then the
 * lib verb (which checks the permission again) and a JSON error for anything it throws.
 */
export function apiRoute<P = Record<string, never>>(name: string, handler: Handler<P>) {
  const permission = permissionOf(name);
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const info = requestInfo(request.headers);
    try {
      return await withSpan(name, { "http.request.method": request.method }, async () => {
        const found = await actorFromHeaders(request.headers);
        if (!found)
          throw new VigilError("unauthenticated", "Sign in, or send an API key as 'Authorization: Bearer <key>'");
        if (found.via === "session" && STATE_CHANGING.has(request.method)) assertSameOrigin(request);
        const ctx: Ctx = { actor: found.actor, ...info };
        if (permission) authorize(ctx, permission);
        const result = await handler(ctx, request, await context.params);
        if (result instanceof Response) return result;
        return Response.json(result, {
          status: request.method === "POST" ? 201 : 200,
          headers: { "cache-control": "no-store" },
        });
      });
    } catch (err) {
      return errorResponse(name, err, info.requestId);
    }
  };
}

/**
 * A route (or a route's path) that proves its caller itself, as a webhook checks its sender's
 * signature: no session or key is asked for; errors are answered as every /api/v1 route answers them.
 */
export function signedRoute(
  name: string,
  handler: (info: ReturnType<typeof requestInfo>, request: Request) => Promise<Response>,
) {
  permissionOf(name);
  return async (request: Request): Promise<Response> => {
    const info = requestInfo(request.headers);
    try {
      return await withSpan(name, { "http.request.method": request.method }, () => handler(info, request));
    } catch (err) {
      return errorResponse(name, err, info.requestId);
    }
  };
}

/** The JSON body of a write, refused clearly when it is missing, too large or not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json"))
    throw new VigilError("unsupported_media_type", "Send the body as application/json");
  const bytes = await readBody(request, MAX_JSON_BYTES);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new VigilError("bad_request", "Body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new VigilError("bad_request", "Body is not valid JSON");
  }
}

/** Query parameters as a plain object for a verb's zod input. */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
