import net from "node:net";
import type { Server } from "node:http";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A real OpenID Connect provider (panva/oidc-provider, certified) runs in this process; Vigil is
// configured against its issuer URL exactly as an operator would configure Okta or Entra ID.

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const idpPort = await freePort();
const issuer = `http://127.0.0.1:${idpPort}`;
process.env.VIGIL_OIDC_ISSUER = issuer;
process.env.VIGIL_OIDC_CLIENT_ID = "vigil";
process.env.VIGIL_OIDC_CLIENT_SECRET = "vigil-client-secret-for-tests";

const { publicUrl } = await import("@/lib/env");
const { handleAuthRequest } = await import("./handler");
const { sessionUser } = await import("./session");
const { db } = await import("@/lib/db");
const { uniqueName } = await import("@/test/factories");

let server: Server;

beforeAll(async () => {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "vigil",
        client_secret: "vigil-client-secret-for-tests",
        redirect_uris: [`${publicUrl()}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      // An identity provider's name claim is stored bounded, whatever its length or content.
      claims: async () => ({
        sub: id,
        email: `${id}@idp.example`,
        email_verified: true,
        name: `SSO ${id} ${"x".repeat(5_000)}\u0000`,
      }),
    }),
    features: { devInteractions: { enabled: true } },
  });
  server = provider.listen(idpPort);
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A tiny cookie jar per site, enough to walk redirects by hand. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

function vigil(path: string, init: RequestInit = {}, jar?: Jar): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("origin", publicUrl());
  if (jar) headers.set("cookie", jar.header());
  return handleAuthRequest(new Request(new URL(path, publicUrl()), { ...init, headers, redirect: "manual" }));
}

async function idp(url: string, jar: Jar, form?: Record<string, string>): Promise<Response> {
  const response = await fetch(new URL(url, issuer), {
    method: form ? "POST" : "GET",
    headers: { cookie: jar.header(), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body: form ? new URLSearchParams(form) : undefined,
    redirect: "manual",
  });
  jar.take(response);
  return response;
}

describe("OpenID Connect single sign-on", () => {
  it("signs a new person in through the identity provider, as a viewer, and records it", async () => {
    const vigilJar = new Jar();
    const idpJar = new Jar();
    const start = await vigil("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "oidc", callbackURL: "/" }),
    });
    expect(start.status).toBe(200);
    vigilJar.take(start);
    let location = ((await start.json()) as { url: string }).url;
    expect(location.startsWith(`${issuer}/`)).toBe(true);
    expect(new URL(location).searchParams.get("code_challenge_method")).toBe("S256");

    const subject = uniqueName("alice");
    // Authorize → login interaction → consent interaction → back to Vigil with a code.
    for (let hop = 0; hop < 10 && location.startsWith(issuer); hop++) {
      let response = await idp(location, idpJar);
      if (response.status === 200) {
        const page = await response.text();
        const prompt: Record<string, string> = page.includes('name="login"')
          ? { prompt: "login", login: subject, password: "any" }
          : { prompt: "consent" };
        response = await idp(location, idpJar, prompt);
      }
      location = new URL(response.headers.get("location") as string, issuer).toString();
    }
    expect(location.startsWith(`${publicUrl()}/api/auth/callback/oidc?`)).toBe(true);

    const callback = await vigil(location, {}, vigilJar);
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/");
    vigilJar.take(callback);
    const user = await sessionUser(new Headers({ cookie: vigilJar.header() }));
    expect(user).toMatchObject({ email: `${subject}@idp.example`, role: "viewer" });
    expect(user?.name).toBe(`SSO ${subject} ${"x".repeat(120 - subject.length - 5)}`);
    const entries = await db().auditEntry.findMany({ where: { targetId: `${subject}@idp.example` } });
    expect(entries.map((entry) => [entry.action, entry.summary])).toEqual([["auth.sign_in", { method: "oidc" }]]);
  });

  it("sends a forged or malformed callback back to the sign-in page with an error, never a 500", async () => {
    for (const query of [
      "?code=forged&state=not-a-state",
      "?state=",
      "?error=access_denied&state=x",
      "?" + "x".repeat(3000),
    ]) {
      const response = await vigil(`/api/auth/callback/oidc${query}`);
      expect(response.status, query.slice(0, 40)).toBe(302);
      const target = new URL(response.headers.get("location") as string, publicUrl());
      expect(target.pathname).toBe("/sign-in");
      expect(target.searchParams.get("error")).toBeTruthy();
    }
  });
});
