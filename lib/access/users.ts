import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx, isRole, type Role } from "../context";
import { db, transaction } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import { ChangeUserInput, CreateUserInput, Email, ListPageInput, UserRef, type UserSummary } from "./schemas";

/** 20 characters from a 57-letter alphabet without look-alikes: about 117 bits. */
export function oneTimePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(40);
  let out = "";
  for (const byte of bytes) {
    if (byte < 228) out += alphabet[byte % 57];
    if (out.length === 20) break;
  }
  return out.length === 20 ? out : oneTimePassword();
}

interface CreatedUser {
  user: UserSummary;
  /** Only when Vigil generated it: shown once, never stored in clear. */
  oneTimePassword: string | null;
}

export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<CreatedUser> {
  authorize(ctx, "users:manage");
  const { email, name, role, password, demo } = parseInput(CreateUserInput, input);
  const generated = password ? null : oneTimePassword();
  const hash = await hashPassword(password ?? (generated as string));
  return transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new VigilError("conflict", `A user with email ${email} already exists`, { field: "email" });
    }
    const user = await tx.user.create({
      data: {
        id: randomUUID(),
        email,
        name: name ?? email.split("@")[0],
        role,
        demo,
        mustChangePassword: generated !== null,
        emailVerified: true,
      },
    });
    await tx.account.create({
      data: { id: randomUUID(), accountId: user.id, providerId: "credential", userId: user.id, password: hash },
    });
    await recordAudit(tx, ctx, {
      action: "user.create",
      target: { type: "user", id: email },
      summary: { after: { role, demo } },
    });
    return { user: toSummary(user, null), oneTimePassword: generated };
  });
}

/** Sets a new one-time password and signs the user out everywhere. */
export async function resetPassword(
  ctx: Ctx,
  input: { email: string },
): Promise<{ email: string; oneTimePassword: string }> {
  authorize(ctx, "users:manage");
  const email = parseInput(Email, input.email);
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  return transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new VigilError("not_found", `No user with email ${email}`, { field: "email" });
    await tx.account.deleteMany({ where: { userId: user.id, providerId: "credential" } });
    await tx.account.create({
      data: { id: randomUUID(), accountId: user.id, providerId: "credential", userId: user.id, password: hash },
    });
    await tx.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    const { count } = await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, ctx, {
      action: "user.password_reset",
      target: { type: "user", id: email },
      summary: { sessionsEnded: count },
    });
    return { email, oneTimePassword: password };
  });
}

/** Role and enabled state; disabling ends the user's sessions at once. */
export async function changeUser(ctx: Ctx, id: string, input: ChangeUserInput): Promise<UserSummary> {
  authorize(ctx, "users:manage");
  parseInput(UserRef, { id });
  const change = parseInput(ChangeUserInput, input);
  return transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw new VigilError("not_found", "No such user");
    if (ctx.actor.id === id && (change.disabled === true || (change.role && change.role !== "admin"))) {
      throw new VigilError("conflict", "You can not remove your own admin access; ask another admin");
    }
    const after = await tx.user.update({ where: { id }, data: { role: change.role, disabled: change.disabled } });
    if (after.disabled) await tx.session.deleteMany({ where: { userId: id } });
    const action = change.role !== undefined && change.role !== before.role ? "user.role_change" : "user.update";
    await recordAudit(tx, ctx, {
      action,
      target: { type: "user", id: before.email },
      summary: {
        before: { role: before.role, disabled: before.disabled },
        after: { role: after.role, disabled: after.disabled },
      },
      reason: change.reason,
    });
    return toSummary(after, null);
  });
}

export async function listUsers(
  ctx: Ctx,
  input: { limit?: number; after?: string } = {},
): Promise<{ items: UserSummary[]; nextAfter: string | null }> {
  authorize(ctx, "users:manage");
  const { limit, after } = parseInput(ListPageInput, input);
  const rows = await db().user.findMany({
    where: after ? { email: { gt: after } } : undefined,
    orderBy: { email: "asc" },
    take: limit + 1,
    include: { sessions: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } } },
  });
  const items = rows.slice(0, limit).map((row) => toSummary(row, row.sessions[0]?.createdAt ?? null));
  return { items, nextAfter: rows.length > limit ? items[items.length - 1].email : null };
}

export async function countUsers(): Promise<number> {
  return db().user.count();
}

function toSummary(
  user: { id: string; email: string; name: string; role: string; disabled: boolean; demo: boolean; createdAt: Date },
  lastSignInAt: Date | null,
): UserSummary {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: isRole(user.role) ? user.role : ("viewer" satisfies Role),
    disabled: user.disabled,
    demo: user.demo,
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: lastSignInAt?.toISOString() ?? null,
  };
}
