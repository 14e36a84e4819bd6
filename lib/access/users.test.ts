import { verifyPassword } from "better-auth/crypto";
import { describe, expect, it } from "vitest";
import { systemCtx, userCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { changeUser, createUser, listUsers, resetPassword } from "./users";

const admin = systemCtx("test");
const email = () => `${uniqueName("u")}@example.com`;

describe("users", () => {
  it("get a one-time password that is stored only as a memory-hard hash", async () => {
    const address = email();
    const created = await createUser(admin, { email: address, role: "sre" });
    expect(created.oneTimePassword).toMatch(/^[A-Za-z2-9]{20}$/);
    const account = await db().account.findFirstOrThrow({
      where: { user: { email: address }, providerId: "credential" },
    });
    expect(account.password).not.toContain(created.oneTimePassword);
    // better-auth's scrypt: N=16384, r=16 (32 MiB per hash).
    expect(account.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect(
      await verifyPassword({ hash: account.password as string, password: created.oneTimePassword as string }),
    ).toBe(true);
    expect((await db().user.findUniqueOrThrow({ where: { email: address } })).mustChangePassword).toBe(true);
  });

  it("record role changes with before, after and reason in the audit trail", async () => {
    const address = email();
    const { user } = await createUser(admin, { email: address, role: "viewer" });
    await changeUser(admin, user.id, { role: "finops", reason: "joined FinOps" });
    const entry = await db().auditEntry.findFirstOrThrow({ where: { action: "user.role_change", targetId: address } });
    expect(entry.summary).toEqual({
      before: { role: "viewer", disabled: false },
      after: { role: "finops", disabled: false },
    });
    expect(entry.reason).toBe("joined FinOps");
  });

  it("end all sessions of a user who is disabled or whose password is reset", async () => {
    const address = email();
    const { user } = await createUser(admin, { email: address, role: "viewer" });
    const session = () =>
      db().session.create({
        data: {
          id: uniqueName("s"),
          token: uniqueName("t"),
          userId: user.id,
          expiresAt: new Date(Date.now() + 3_600_000),
        },
      });
    await session();
    await resetPassword(admin, { email: address });
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
    await session();
    await changeUser(admin, user.id, { disabled: true });
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuse duplicates, bad input and an admin demoting themselves", async () => {
    const address = email();
    const { user } = await createUser(admin, { email: address, role: "admin" });
    await expect(createUser(admin, { email: address.toUpperCase(), role: "viewer" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(createUser(admin, { email: "not-an-email", role: "viewer" })).rejects.toThrow(
      /^email: must be an email address/,
    );
    await expect(createUser(admin, { email: email(), role: "root" as never })).rejects.toThrow(
      /^role: must be one of viewer, sre, finops, admin/,
    );
    await expect(createUser(admin, { email: `${"x".repeat(250)}@example.com`, role: "viewer" })).rejects.toThrow(
      /^email: must be at most 254/,
    );
    const self = userCtx({ id: user.id, email: address, role: "admin" });
    await expect(changeUser(self, user.id, { role: "viewer" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("are managed by admins only", async () => {
    await expect(listUsers(roleCtx("finops"))).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeUser(roleCtx("sre"), "no-such-id", { role: "admin" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(resetPassword(roleCtx("viewer"), { email: "x@example.com" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
