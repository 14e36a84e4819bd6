import { describe, expect, it } from "vitest";
import { publicUrl } from "@/lib/env";
import { db } from "@/lib/db";
import { handleAuthRequest } from "./handler";
import { authPost, chunkedBody, newPerson, serve, signIn } from "@/test/http-callers";

const FIVE_MB = 5 * 1024 * 1024;

function streamed(path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return handleAuthRequest(
    new Request(`${publicUrl()}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: publicUrl(), ...headers },
      body,
      duplex: "half",
    } as RequestInit),
  );
}

describe("/api/auth request bodies", () => {
  it("are refused past 16 KB while streaming, with or without a Content-Length", async () => {
    const { email, password } = await newPerson();
    const cookie = await signIn(email, password);
    for (const path of ["/sign-up/email", "/sign-in/email", "/update-user"]) {
      const response = await streamed(path, chunkedBody('{"name":"', FIVE_MB), { cookie });
      expect(response.status, path).toBe(413);
      expect((await response.json()).error.code).toBe("payload_too_large");
    }
    // A Content-Length that lies small does not matter either.
    const lying = await streamed("/update-user", chunkedBody('{"name":"', FIVE_MB), { cookie, "content-length": "20" });
    expect(lying.status).toBe(413);
    expect((await db().user.findUniqueOrThrow({ where: { email } })).name.length).toBeLessThan(200);
  });

  it("are refused past 16 KB over a real chunked HTTP request", async () => {
    const server = await serve(handleAuthRequest);
    try {
      const response = await fetch(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: publicUrl() },
        body: chunkedBody('{"email":"a@example.com","password":"', FIVE_MB),
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(413);
    } finally {
      await server.close();
    }
  });

  it("bound every field a person sets, naming it", async () => {
    const { email, password } = await newPerson();
    const cookie = await signIn(email, password);
    const cases: [string, unknown, string][] = [
      ["/update-user", { name: "n".repeat(121) }, "name: must be at most 120 characters"],
      ["/update-user", { name: "a\u0000b" }, "name: must not contain NUL characters"],
      ["/update-user", { name: "a\ud800b" }, "name: must be valid Unicode (no lone surrogates)"],
      ["/update-user", { name: "   " }, "name: must not be empty"],
      ["/update-user", { image: `https://example.com/${"i".repeat(3000)}` }, "image: must be at most 2048 characters"],
      ["/update-user", { role: "admin" }, "only name and image can be changed here, not role"],
      [
        "/change-password",
        { currentPassword: password, newPassword: "p".repeat(257) },
        "newPassword: must be at most 256 characters",
      ],
      [
        "/change-password",
        { currentPassword: "c".repeat(300), newPassword: "a-new-password-1" },
        "currentPassword: must be at most 256 characters",
      ],
      ["/sign-in/email", { email: "a\u0000b@example.com", password: "x" }, "email: must not contain NUL characters"],
      [
        "/sign-in/email",
        { email: "someone@example.com", password: "a\udc00" },
        "password: must be valid Unicode (no lone surrogates)",
      ],
      ["/sign-in/email", { email: ["a@example.com"], password: "x" }, "email: must be text"],
    ];
    for (const [path, body, message] of cases) {
      const response = await authPost(path, body, { cookie });
      expect(response.status, `${path} ${message}`).toBe(400);
      expect((await response.json()).message).toBe(message);
    }
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("viewer");
    expect(user.name.length).toBeLessThanOrEqual(120);
    const renamed = await authPost("/update-user", { name: "Ana Lima" }, { cookie });
    expect(renamed.status).toBe(200);
    expect((await db().user.findUniqueOrThrow({ where: { email } })).name).toBe("Ana Lima");
  });
});
