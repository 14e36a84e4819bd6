import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { can, type Ctx, type Permission, userCtx } from "../context";
import { requestInfo } from "./request-scope";
import { type SessionUser, sessionUser } from "./session";

/** The signed-in user of this render, read once per request however many components ask. */
export const currentUser = cache(async (): Promise<SessionUser | null> => sessionUser(await headers()));

/**
 * The first line of every console page: no session → the sign-in page; a session without the
 * permission → 403. The lib verbs the page then calls check the same permission again.
 */
export async function pageCtx(
  permission: Permission | "signed-in",
  options: { allowPasswordChange?: boolean } = {},
): Promise<{ ctx: Ctx; user: SessionUser }> {
  const user = await currentUser();
  if (!user?.role) redirect("/sign-in");
  if (user.mustChangePassword && !options.allowPasswordChange) redirect("/account");
  const ctx = userCtx({ id: user.id, email: user.email, role: user.role }, requestInfo(await headers()));
  if (permission !== "signed-in" && !can(ctx.actor, permission)) forbidden();
  return { ctx, user };
}
