import { beforeAll, describe, expect, it } from "vitest";
import { publicUrl } from "@/lib/env";
import { handleAuthRequest } from "./handler";
import { runWithPeer } from "./request-scope";
import { authPost, newPerson, signIn } from "@/test/http-callers";

// Every better-auth endpoint sees the query and body checks, not only those with a schema.

let cookie: string;

beforeAll(async () => {
  const person = await newPerson();
  cookie = await signIn(person.email, person.password);
});

function get(path: string) {
  const request = new Request(`${publicUrl()}/api/auth${path}`, { headers: { cookie, origin: publicUrl() } });
  return runWithPeer("203.0.113.7", () => handleAuthRequest(request));
}

describe("/api/auth parameters PostgreSQL could not store", () => {
  it.each<[string, string]>([
    ["/callback/oidc?code=a%00&state=b", "code: must not contain NUL characters"],
    ["/callback/oidc?state=%00", "state: must not contain NUL characters"],
    ["/verify-email?token=%00", "token: must not contain NUL characters"],
    ["/get-session?x%00=1", "query: must not contain NUL characters"],
    ["/reset-password/a%00b?callbackURL=/", "path: must not contain NUL characters"],
  ])("GET %s is a 400 naming it", async (path, message) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it.each<[string, unknown, string]>([
    ["/revoke-session", { token: "t\u0000" }, "token: must not contain NUL characters"],
    ["/revoke-session", { token: "\ud800" }, "token: must be valid Unicode (no lone surrogates)"],
    ["/request-password-reset", { email: "a\u0000@example.com" }, "email: must not contain NUL characters"],
    ["/sign-in/social", { provider: "oidc\u0000" }, "provider: must not contain NUL characters"],
    ["/update-session", { nested: { deeper: "\u0000" } }, "nested.deeper: must not contain NUL characters"],
  ])("POST %s %j is a 400 naming the field", async (path, body, message) => {
    const response = await authPost(path, body, { cookie });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe(message);
  });
});
