import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import { uniqueName } from "@/test/factories";
import { handleAuthRequest } from "./handler";
import { SIGN_IN_LIMITS } from "./sign-in-throttle";
import { sessionUser } from "./session";
import { authPost, cookieOf, newPerson, PASSWORD, serve } from "@/test/http-callers";

function signIn(email: string, password: string, headers: Record<string, string> = {}, peer?: string | null) {
  return authPost("/sign-in/email", { email, password }, headers, peer);
}

async function newUser(role: "viewer" | "finops" = "viewer") {
  return (await newPerson(role)).email;
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
    expect(entry).toMatchObject({
      actorLabel: email,
      role: "finops",
      requestId: "req-123",
      sourceIp: "203.0.113.7",
      summary: { method: "password" },
    });
  });

  it("records the socket's address, not an X-Forwarded-For sent by a client that is no trusted proxy", async () => {
    const email = await newUser();
    await signIn(email, "not-the-password", { "x-forwarded-for": "1.2.3.4", "x-request-id": "spoof" }, "198.51.100.20");
    await signIn(email, "not-the-password", { "x-forwarded-for": "1.2.3.4", "x-request-id": "no-peer" }, null);
    const failures = (await auditFor(email)).filter((row) => row.action === "auth.sign_in_failed");
    expect(failures.map((row) => [row.requestId, row.sourceIp])).toEqual([
      ["spoof", "198.51.100.20"],
      ["no-peer", null],
    ]);
  });

  it("gives a wrong password and an unknown user the same 401, and records both", async () => {
    const email = await newUser();
    const wrong = await signIn(email, "not-the-password");
    const unknown = await signIn(`${uniqueName("nobody")}@example.com`, "not-the-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const [failure] = (await auditFor(email)).filter((row) => row.action !== "user.create");
    expect(failure).toMatchObject({
      action: "auth.sign_in_failed",
      actorKind: "user",
      actorId: "anonymous",
      role: null,
    });
  });

  it("refuses oversized and malformed fields with a message, never a 500", async () => {
    const long = await signIn(`${"a".repeat(300)}@example.com`, PASSWORD);
    expect(long.status).toBe(400);
    expect((await long.json()).message).toBe("email: must be at most 254 characters");
    const longPassword = await signIn("someone@example.com", "x".repeat(5_000));
    expect(longPassword.status).toBe(400);
    expect((await longPassword.json()).message).toBe("password: must be at most 256 characters");
    const notJson = await authPost("/sign-in/email", "{not json");
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);
    const huge = await authPost(
      "/sign-in/email",
      { email: "a@example.com", password: "p".repeat(20_000) },
      { "content-length": "20100" },
    );
    expect(huge.status).toBe(413);
  });

  it(`locks an account for a while after ${SIGN_IN_LIMITS.perAccount} failed sign-ins, even with the right password`, async () => {
    const email = await newUser();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++)
      expect((await signIn(email, `wrong-${i}-password`)).status).toBe(401);
    const locked = await signIn(email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await locked.json()).message).toMatch(
      /^Too many failed sign-ins for this account\. Try again in \d+ minutes?\.$/,
    );
    expect((await auditFor(email)).map((row) => row.action)).toContain("auth.sign_in_throttled");
    // Another account from another address is not affected.
    const other = await newUser();
    expect((await signIn(other, PASSWORD, {}, "198.51.100.9")).status).toBe(200);
  });

  it(`tries at most ${SIGN_IN_LIMITS.perAccount} of 12 concurrent wrong passwords for one account`, async () => {
    const email = await newUser();
    const server = await serve(handleAuthRequest);
    try {
      const attempts = Array.from({ length: 12 }, (_, i) =>
        fetch(`${server.url}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: publicUrl() },
          body: JSON.stringify({ email, password: `wrong-${i}-password` }),
        }).then((response) => response.status),
      );
      const statuses = await Promise.all(attempts);
      expect(statuses.filter((status) => status === 401)).toHaveLength(SIGN_IN_LIMITS.perAccount);
      expect(statuses.filter((status) => status === 429)).toHaveLength(12 - SIGN_IN_LIMITS.perAccount);
      const failures = (await auditFor(email)).filter((row) => row.action === "auth.sign_in_failed");
      expect(failures).toHaveLength(SIGN_IN_LIMITS.perAccount);
      expect(failures[0].sourceIp).toBe("127.0.0.1");
    } finally {
      await server.close();
    }
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
    const out = await authPost("/sign-out", {}, { cookie });
    expect(out.status).toBe(200);
    expect(await sessionUser(new Headers({ cookie }))).toBeNull();
    expect((await auditFor(email)).map((row) => row.action)).toEqual(["user.create", "auth.sign_in", "auth.sign_out"]);
  });

  it("answers a disabled account exactly as a wrong password, whether the password is right or not", async () => {
    const email = await newUser();
    const reference = await signIn(await newUser(), "not-the-password");
    await db().user.update({ where: { email }, data: { disabled: true } });
    const right = await signIn(email, PASSWORD);
    const wrong = await signIn(email, "not-the-password");
    const expected = { status: reference.status, body: await reference.json() };
    expect({ status: right.status, body: await right.json() }).toEqual(expected);
    expect({ status: wrong.status, body: await wrong.json() }).toEqual(expected);
    expect(right.headers.getSetCookie()).toEqual([]);
    const reasons = (await auditFor(email))
      .filter((row) => row.action === "auth.sign_in_failed")
      .map((row) => row.summary);
    expect(reasons).toEqual([
      { method: "password", reason: "ACCOUNT_DISABLED" },
      { method: "password", reason: "ACCOUNT_DISABLED" },
    ]);
  });

  it("takes about as long for a disabled account as for a wrong password", async () => {
    const disabled = await newUser();
    await db().user.update({ where: { email: disabled }, data: { disabled: true } });
    const enabled = await newUser();
    const time = async (email: string) => {
      const started = performance.now();
      await signIn(email, "not-the-password");
      return performance.now() - started;
    };
    const wrongTimes = [await time(enabled), await time(enabled), await time(enabled)];
    const disabledTimes = [await time(disabled), await time(disabled), await time(disabled)];
    const median = (values: number[]) => values.sort((a, b) => a - b)[1];
    // Both run one scrypt hash (tens of milliseconds); skipping it would take a few.
    expect(median(disabledTimes)).toBeGreaterThan(median(wrongTimes) * 0.5);
  });
});
