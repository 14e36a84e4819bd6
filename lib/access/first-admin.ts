import type { Ctx } from "../context";
import { env } from "../env";
import { countUsers, createUser } from "./users";

/**
 * On first start there is nobody to sign in as: create the admin from VIGIL_ADMIN_EMAIL, with
 * VIGIL_ADMIN_PASSWORD or a one-time password the launcher prints once.
 */
export async function ensureFirstAdmin(ctx: Ctx): Promise<{ email: string; oneTimePassword: string | null } | null> {
  if ((await countUsers()) > 0) return null;
  const settings = env();
  const created = await createUser(ctx, {
    email: settings.VIGIL_ADMIN_EMAIL,
    name: "Administrator",
    role: "admin",
    password: settings.VIGIL_ADMIN_PASSWORD,
  });
  return { email: created.user.email, oneTimePassword: created.oneTimePassword };
}
