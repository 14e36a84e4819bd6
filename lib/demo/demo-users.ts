import fs from "node:fs";
import path from "node:path";
import { createUser, oneTimePassword } from "../access/users";
import { type Ctx, ROLES, type Role } from "../context";
import { db } from "../db";
import { dataDir } from "../env";

type DemoCredentials = Partial<Record<Role, { email: string; password: string }>>;

function demoEmail(role: Role): string {
  return `${role}@demo.vigil.local`;
}

function credentialsFile(): string {
  return path.join(dataDir(), "demo-users.json");
}

/**
 * One demo user per role, so a newcomer can see each view. Their passwords are random and stay in
 * the data directory (mode 600); the sign-in page's demo buttons use them on the server.
 */
export async function ensureDemoUsers(ctx: Ctx): Promise<Role[]> {
  const stored = readDemoCredentials();
  const created: Role[] = [];
  for (const role of ROLES) {
    const email = demoEmail(role);
    if (stored[role] && (await db().user.findUnique({ where: { email }, select: { id: true } }))) continue;
    if (await db().user.findUnique({ where: { email }, select: { id: true } })) continue;
    const password = oneTimePassword();
    await createUser(ctx, { email, name: `Demo ${role}`, role, password, demo: true });
    stored[role] = { email, password };
    created.push(role);
  }
  fs.writeFileSync(credentialsFile(), JSON.stringify(stored, null, 2), { mode: 0o600 });
  return created;
}

export function readDemoCredentials(): DemoCredentials {
  try {
    return JSON.parse(fs.readFileSync(credentialsFile(), "utf8")) as DemoCredentials;
  } catch {
    return {};
  }
}

/** The roles the sign-in page offers demo buttons for: those whose demo user can sign in. */
export function demoRoles(): Role[] {
  const stored = readDemoCredentials();
  return ROLES.filter((role) => stored[role] !== undefined);
}
