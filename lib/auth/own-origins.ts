import { isIP } from "node:net";
import { type Env, env, publicUrl } from "../env";

const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * The origins Vigil's own pages are served from, for the Origin check on cookie writes: the public
 * URL, and the address it listens on. Never the request's Host header, which the client writes.
 * Loopback with Vigil's port is always Vigil itself, so it is always included.
 */
export function ownOrigins(settings: Pick<Env, "PORT" | "VIGIL_HOST"> = env(), base = publicUrl()): string[] {
  const origins = new Set([new URL(base).origin]);
  for (const host of ["localhost", "127.0.0.1", "[::1]"]) origins.add(`http://${host}:${settings.PORT}`);
  const host = settings.VIGIL_HOST;
  if (!WILDCARDS.has(host)) {
    try {
      origins.add(new URL(`http://${isIP(host) === 6 ? `[${host}]` : host}:${settings.PORT}`).origin);
    } catch {
      // A host name a URL can not hold is not an origin any browser sends.
    }
  }
  return [...origins];
}
