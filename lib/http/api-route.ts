import { ZodError } from "zod";
import { actorFromHeaders } from "../auth/session";
import { requestInfo } from "../auth/request-scope";
import type { Ctx } from "../context";
import { publicUrl } from "../env";
import { toErrorBody, VigilError } from "../errors";
import { withSpan } from "../telemetry";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MAX_JSON_BYTES = 1024 * 1024;

type Handler<P> = (ctx: Ctx, request: Request, params: P) => Promise<unknown>;

export interface RouteContext<P> {
  params: Promise<P>;
}

/**
 * Cookie-authenticated writes must come from Vigil's own pages: the browser's Origin (or, failing
 * that, Sec-Fetch-Site) must say so. API keys are sent explicitly, so they need no such check.
 */
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  const own = new Set([new URL(publicUrl()).origin, new URL(request.url).origin]);
  const host = request.headers.get("host");
  if (host) own.add(`${new URL(request.url).protocol}//${host}`);
  if (origin ? own.has(origin) : site === "same-origin") return;
  throw new VigilError("forbidden", "Cross-site request refused: send writes from Vigil's pages or with an API key");
}

/**
 * Every /api/v1 handler: 401 without a valid session or key, a CSRF check on cookie writes, then
 * the lib verb (which checks the actor's permission itself) and a JSON error for anything it throws.
 */
export function apiRoute<P = Record<string, never>>(name: string, handler: Handler<P>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const info = requestInfo(request.headers);
    try {
      return await withSpan(name, { "http.request.method": request.method }, async () => {
        const found = await actorFromHeaders(request.headers);
        if (!found) throw new VigilError("unauthenticated", "Sign in, or send an API key as 'Authorization: Bearer <key>'");
        if (found.via === "session" && STATE_CHANGING.has(request.method)) assertSameOrigin(request);
        const ctx: Ctx = { actor: found.actor, ...info };
        const result = await handler(ctx, request, await context.params);
        if (result instanceof Response) return result;
        return Response.json(result, { status: request.method === "POST" ? 201 : 200, headers: { "cache-control": "no-store" } });
      });
    } catch (err) {
      const error = err instanceof ZodError ? new VigilError("bad_request", err.issues[0]?.message ?? "Invalid input") : err;
      if (!(error instanceof VigilError)) console.error(`${name} failed`, err);
      const { status, body } = toErrorBody(error);
      return Response.json({ ...body, requestId: info.requestId }, { status, headers: status === 401 ? { "www-authenticate": 'Bearer realm="vigil"' } : undefined });
    }
  };
}

/** The JSON body of a write, refused clearly when it is missing, too large or not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new VigilError("unsupported_media_type", "Send the body as application/json");
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw new VigilError("payload_too_large", `Body is over ${MAX_JSON_BYTES} bytes`);
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
