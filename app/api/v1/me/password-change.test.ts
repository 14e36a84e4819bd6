import { describe, expect, it } from "vitest";
import { GET as getAudit } from "@/app/api/v1/audit/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { authPost, callHandler, newPerson, signIn } from "@/test/http-callers";

const NEW_PASSWORD = "my-own-password-42";

async function personWithOneTimePassword(role: "viewer" | "finops" = "viewer") {
  const { email, password } = await newPerson(role, { oneTime: true });
  return { email, oneTime: password, cookie: await signIn(email, password) };
}

async function state(email: string) {
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const changes = await db().auditEntry.count({ where: { action: "user.password_change", targetId: email } });
  return { mustChangePassword: user.mustChangePassword, changes };
}

describe("changing a one-time password", () => {
  it("leaves the forced change, the password and the audit trail as they were when it fails", async () => {
    const { email, oneTime, cookie } = await personWithOneTimePassword();
    const failures = [
      { newPassword: NEW_PASSWORD },
      { currentPassword: "", newPassword: NEW_PASSWORD },
      { currentPassword: "not-the-password", newPassword: NEW_PASSWORD },
      { currentPassword: oneTime, newPassword: "short" },
    ];
    for (const body of failures) {
      const response = await authPost("/change-password", body, { cookie });
      expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.status, JSON.stringify(body)).toBeLessThan(500);
    }
    expect(await state(email)).toEqual({ mustChangePassword: true, changes: 0 });
    expect((await authPost("/sign-in/email", { email, password: oneTime })).status).toBe(200);
  });

  it("clears the forced change and records it once the password really changed", async () => {
    const { email, oneTime, cookie } = await personWithOneTimePassword();
    const response = await authPost(
      "/change-password",
      { currentPassword: oneTime, newPassword: NEW_PASSWORD },
      { cookie },
    );
    expect(response.status).toBe(200);
    expect(await state(email)).toEqual({ mustChangePassword: false, changes: 1 });
    expect((await authPost("/sign-in/email", { email, password: oneTime })).status).toBe(401);
    expect((await authPost("/sign-in/email", { email, password: NEW_PASSWORD })).status).toBe(200);
  });
});

describe("the API for a person who must change their password", () => {
  it("answers 403 password_change_required until they do; keys and sign-out are unaffected", async () => {
    const { oneTime, cookie } = await personWithOneTimePassword("finops");
    for (const [handler, path] of [
      [getMe, "/api/v1/me"],
      [getAudit, "/api/v1/audit"],
    ] as const) {
      const refused = await callHandler(handler, path, { headers: { cookie } });
      expect(refused.status, path).toBe(403);
      expect((await refused.json()).error.code, path).toBe("password_change_required");
    }
    const { key } = await createApiKey(systemCtx("test"), { name: uniqueName("reader"), scopes: ["read"] });
    expect((await callHandler(getMe, "/api/v1/me", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);

    expect(
      (await authPost("/change-password", { currentPassword: oneTime, newPassword: NEW_PASSWORD }, { cookie })).status,
    ).toBe(200);
    const me = await callHandler(getMe, "/api/v1/me", { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: "user", role: "finops" });
    expect((await callHandler(getAudit, "/api/v1/audit", { headers: { cookie } })).status).toBe(200);
    expect((await authPost("/sign-out", {}, { cookie })).status).toBe(200);
  });

  it("still lets them sign out before changing it", async () => {
    const { cookie } = await personWithOneTimePassword();
    expect((await authPost("/sign-out", {}, { cookie })).status).toBe(200);
    expect((await callHandler(getMe, "/api/v1/me", { headers: { cookie } })).status).toBe(401);
  });
});
