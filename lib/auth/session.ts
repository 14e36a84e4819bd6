import { authenticateApiKey } from "../access/api-keys";
import { type Actor, isRole } from "../context";
import { VigilError } from "../errors";
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
  const user = found.user as typeof found.user & {
    role?: string;
    demo?: boolean;
    disabled?: boolean;
    mustChangePassword?: boolean;
  };
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

/**
 * `Authorization: Bearer vgl_...` for keys; otherwise the session cookie. A person who still has
 * to replace a one-time password gets nothing else done through the API either (pages send them to
 * /account; /api/auth/change-password and sign-out are better-auth's, not /api/v1).
 */
export async function actorFromHeaders(headers: Headers): Promise<{ actor: Actor; via: "api_key" | "session" } | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match ? await authenticateApiKey(match[1]) : null;
    return actor ? { actor, via: "api_key" } : null;
  }
  const user = await sessionUser(headers);
  if (!user) return null;
  if (user.mustChangePassword) {
    throw new VigilError(
      "password_change_required",
      "Choose a new password first: you signed in with a one-time password (POST /api/auth/change-password)",
    );
  }
  return { actor: { kind: "user", id: user.id, label: user.email, role: user.role, scopes: [] }, via: "session" };
}
