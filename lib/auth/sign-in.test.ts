import { describe, expect, it } from "vitest";
import { createUser } from "@/lib/access/users";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import { uniqueName } from "@/test/factories";
import { handleAuthRequest } from "./handler";
import { SIGN_IN_LIMITS } from "./sign-in-throttle";
import { sessionUser } from "./session";

const PASSWORD = "a-long-enough-password";

async function newUser(role: "viewer" | "finops" = "viewer") {
  const email = `${uniqueName("person")}@example.com`;
  await createUser(systemCtx("test"), { email, role, password: PASSWORD });
  return email;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return handleAuthRequest(
    new Request(`${publicUrl()}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: publicUrl(), "x-forwarded-for": "203.0.113.7", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return post("/sign-in/email", { email, password }, headers);
}

function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

async function auditFor(target: string) {
  return db().auditEntry.findMany({ where: { targetId: target }, orderBy: { seq: "asc" } });
}

describe("password sign-in", () => {
  it("signs in, sets an httpOnly SameSite cookie, and records who signed in from where", async () => {
    const email = await newUser("finops");
    const response = await signIn(email, PASSWORD, { "x-request-id": "req-123" });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("vigil.session_token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const user = await sessionUser(new Headers({ cookie: cookieOf(response) }));
    expect(user).toMatchObject({ email, role: "finops" });
    const [entry] = (await auditFor(email)).filter((row) => row.action === "auth.sign_in");
    expect(entry).toMatchObject({ actorLabel: email, role: "finops", requestId: "req-123", sourceIp: "203.0.113.7", summary: { method: "password" } });
  });

  it("gives a wrong password and an unknown user the same 401, and records both", async () => {
    const email = await newUser();
    const wrong = await signIn(email, "not-the-password");
    const unknown = await signIn(`${uniqueName("nobody")}@example.com`, "not-the-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const [failure] = (await auditFor(email)).filter((row) => row.action !== "user.create");
    expect(failure).toMatchObject({ action: "auth.sign_in_failed", actorKind: "user", actorId: "anonymous", role: null });
  });

  it("refuses oversized and malformed fields with a message, never a 500", async () => {
    const long = await signIn(`${"a".repeat(300)}@example.com`, PASSWORD);
    expect(long.status).toBe(400);
    expect((await long.json()).message).toBe("email: must be at most 254 characters");
    const longPassword = await signIn("someone@example.com", "x".repeat(5_000));
    expect(longPassword.status).toBe(400);
    expect((await longPassword.json()).message).toBe("password: must be at most 256 characters");
    const notJson = await post("/sign-in/email", "{not json");
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);
    const huge = await post("/sign-in/email", { email: "a@example.com", password: "p".repeat(20_000) }, { "content-length": "20100" });
    expect(huge.status).toBe(413);
  });

  it(`locks an account for a while after ${SIGN_IN_LIMITS.perAccount} failed sign-ins, even with the right password`, async () => {
    const email = await newUser();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) expect((await signIn(email, `wrong-${i}-password`)).status).toBe(401);
    const locked = await signIn(email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await locked.json()).message).toMatch(/^Too many failed sign-ins for this account\. Try again in \d+ minutes?\.$/);
    expect((await auditFor(email)).map((row) => row.action)).toContain("auth.sign_in_throttled");
    // Another account from another address is not affected.
    const other = await newUser();
    expect((await signIn(other, PASSWORD, { "x-forwarded-for": "198.51.100.9" })).status).toBe(200);
  });

  it("refuses a sign-in posted from another site (CSRF)", async () => {
    const email = await newUser();
    const response = await signIn(email, PASSWORD, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });

  it("ends the session on the server at sign-out", async () => {
    const email = await newUser();
    const cookie = cookieOf(await signIn(email, PASSWORD));
    expect(await sessionUser(new Headers({ cookie }))).not.toBeNull();
    const out = await post("/sign-out", {}, { cookie });
    expect(out.status).toBe(200);
    expect(await sessionUser(new Headers({ cookie }))).toBeNull();
    expect((await auditFor(email)).map((row) => row.action)).toEqual(["user.create", "auth.sign_in", "auth.sign_out"]);
  });

  it("does not let a disabled user sign in", async () => {
    const email = await newUser();
    await db().user.update({ where: { email }, data: { disabled: true } });
    const response = await signIn(email, PASSWORD);
    expect(response.status).toBe(403);
    expect((await response.json()).message).toBe("This account is disabled. Ask an admin.");
  });
});
