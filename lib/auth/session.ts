import { authenticateApiKey } from "../access/api-keys";
import { type Actor, isRole } from "../context";
import { auth } from "./auth";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Actor["role"];
  demo: boolean;
  mustChangePassword: boolean;
}

/** The signed-in user of a request, read from the database every time (sign-out is immediate). */
export async function sessionUser(headers: Headers): Promise<SessionUser | null> {
  const found = await auth().api.getSession({ headers });
  if (!found) return null;
  const user = found.user as typeof found.user & { role?: string; demo?: boolean; disabled?: boolean; mustChangePassword?: boolean };
  if (user.disabled) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: isRole(user.role) ? user.role : "viewer",
    demo: user.demo === true,
    mustChangePassword: user.mustChangePassword === true,
  };
}

/** `Authorization: Bearer vgl_...` for keys; otherwise the session cookie. */
export async function actorFromHeaders(headers: Headers): Promise<{ actor: Actor; via: "api_key" | "session" } | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match ? await authenticateApiKey(match[1]) : null;
    return actor ? { actor, via: "api_key" } : null;
  }
  const user = await sessionUser(headers);
  if (!user) return null;
  return { actor: { kind: "user", id: user.id, label: user.email, role: user.role, scopes: [] }, via: "session" };
}
