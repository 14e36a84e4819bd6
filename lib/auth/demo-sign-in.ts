import { isRole, ROLES, type Role } from "../context";
import { type Env, env } from "../env";
import { VigilError } from "../errors";
import { readBody } from "../http/read-body";
import { addressList, isLoopback } from "./client-address";
import { MAX_AUTH_BODY_BYTES } from "./handler";
import { requestClient, socketPeer } from "./request-scope";

export const DEMO_SIGN_IN_REFUSED =
  "The demo's one-click sign-in works only from the machine Vigil runs on. To offer it to other machines, start Vigil with VIGIL_DEMO_SIGN_IN=true.";

/** A server that listens on loopback only is reached only from this machine. */
function listensOnLoopbackOnly(host: string): boolean {
  return host === "localhost" || isLoopback(host);
}

/**
 * Whether the one-click demo sign-in (which makes anyone an admin) serves this request: from
 * loopback only, unless VIGIL_DEMO_SIGN_IN=true. With the socket peer unknown, only a server
 * bound to loopback with no proxy in front can vouch for it.
 */
export function demoSignInAllowed(
  headers: Headers,
  settings: Pick<Env, "VIGIL_DEMO_SIGN_IN" | "VIGIL_HOST" | "VIGIL_TRUSTED_PROXIES"> = env(),
): boolean {
  if (settings.VIGIL_DEMO_SIGN_IN) return true;
  if (socketPeer() !== undefined)
    return isLoopback(requestClient(headers, addressList(settings.VIGIL_TRUSTED_PROXIES)));
  return listensOnLoopbackOnly(settings.VIGIL_HOST) && settings.VIGIL_TRUSTED_PROXIES.length === 0;
}

/** The role a demo button posts, read under the same cap as /api/auth bodies. */
export async function demoRoleOf(request: Request): Promise<Role> {
  const body = await readBody(request, MAX_AUTH_BODY_BYTES);
  const type = request.headers.get("content-type") ?? "application/x-www-form-urlencoded";
  const form = await new Response(body, { headers: { "content-type": type } }).formData().catch(() => null);
  const role = form?.get("role");
  if (!isRole(role)) throw new VigilError("bad_request", `role: must be one of ${ROLES.join(", ")}`, { field: "role" });
  return role;
}
