import { transaction } from "../db";
import { toErrorBody, VigilError } from "../errors";
import { auth } from "./auth";
import { requestInfo, runInRequest } from "./request-scope";

const MAX_AUTH_BODY_BYTES = 16 * 1024;

/**
 * Serves /api/auth/* (better-auth). Each request runs in one database transaction, so a session
 * and the audit entry saying who signed in commit together or not at all.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_AUTH_BODY_BYTES) {
    const { status, body } = toErrorBody(new VigilError("payload_too_large", `Request body is over ${MAX_AUTH_BODY_BYTES} bytes`));
    return Response.json(body, { status });
  }
  try {
    return await runInRequest(requestInfo(request.headers), () =>
      transaction(async () => {
        const response = await auth().handler(request);
        // better-auth turns a failure inside its hooks (the audit write) into a 500 response;
        // throwing here rolls back whatever it wrote before, the session included.
        if (response.status >= 500) throw new Error(`better-auth answered ${response.status} for ${new URL(request.url).pathname}`);
        return response;
      }),
    );
  } catch (err) {
    console.error("auth request failed", err);
    const { status, body } = toErrorBody(err);
    return Response.json(body, { status });
  }
}
