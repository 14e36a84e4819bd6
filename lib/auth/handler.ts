import { transaction } from "../db";
import { toErrorBody, VigilError } from "../errors";
import { readBody } from "../http/read-body";
import { auth } from "./auth";
import { queryProblem } from "./auth-bodies";
import { requestInfo, runInRequest } from "./request-scope";

export const MAX_AUTH_BODY_BYTES = 16 * 1024;

/** The request with its body read under the cap, so better-auth never reads an unbounded stream. */
async function bounded(request: Request): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const body = await readBody(request, MAX_AUTH_BODY_BYTES);
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal });
}

/**
 * Serves /api/auth/* (better-auth). Each request runs in one database transaction, so a session
 * and the audit entry saying who signed in commit together or not at all.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  try {
    const problem = queryProblem(request.url);
    if (problem) throw new VigilError("bad_request", problem);
    const capped = await bounded(request);
    return await runInRequest(requestInfo(request.headers), () =>
      transaction(async () => {
        const response = await auth().handler(capped);
        // better-auth turns a failure inside its hooks (the audit write) into a 500 response;
        // throwing here rolls back whatever it wrote before, the session included.
        if (response.status >= 500)
          throw new Error(`better-auth answered ${response.status} for ${new URL(request.url).pathname}`);
        return response;
      }),
    );
  } catch (err) {
    const { status, body } = toErrorBody(err);
    if (status >= 500) console.error("auth request failed", err);
    return Response.json(body, { status });
  }
}
