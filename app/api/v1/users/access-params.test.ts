import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeKey } from "@/app/api/v1/api-keys/[id]/route";
import { POST as createKey } from "@/app/api/v1/api-keys/route";
import { PATCH as changeUser } from "@/app/api/v1/users/[id]/route";
import { GET as listUsers, POST as createUser } from "@/app/api/v1/users/route";
import { callHandler, newPerson, signIn } from "@/test/http-callers";
import { db } from "@/lib/db";
import { uniqueName } from "@/test/factories";

let cookie: string;
let someoneId: string;

beforeAll(async () => {
  const admin = await newPerson("admin");
  cookie = await signIn(admin.email, admin.password);
  const someone = await newPerson("viewer");
  someoneId = (await db().user.findUniqueOrThrow({ where: { email: someone.email } })).id;
});

const json = (method: string, body: unknown) => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const email = () => `${uniqueName("p")}@example.com`;

describe("people and keys: every parameter refused with a 400 naming it", () => {
  it.each<[string, string, string]>([
    ["after NUL", "after=a%00", "after: must not contain NUL characters"],
    ["after long", `after=${"a".repeat(255)}`, "after: must be at most 254 characters"],
    ["limit text", "limit=abc", "limit: must be a number"],
    ["limit zero", "limit=0", "limit: must be between 1 and 200"],
    ["limit huge", "limit=99999999999999999999", "limit: must be a whole number"],
    ["limit fraction", "limit=1.5", "limit: must be a whole number"],
  ])("GET /api/v1/users: %s", async (_label, query, message) => {
    const response = await callHandler(listUsers, `/api/v1/users?${query}`, { headers: { cookie } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it.each<[string, () => unknown, string]>([
    ["email NUL", () => ({ email: "a\u0000b@example.com", role: "viewer" }), "email: must not contain NUL characters"],
    ["email missing", () => ({ role: "viewer" }), "email: must be text"],
    [
      "name too long",
      () => ({ email: email(), role: "viewer", name: "n".repeat(5 * 1024 * 100) }),
      "name: must be at most 120 characters",
    ],
    [
      "name lone surrogate",
      () => ({ email: email(), role: "viewer", name: "a\ud800" }),
      "name: must be valid Unicode (no lone surrogates)",
    ],
    ["name NUL", () => ({ email: email(), role: "viewer", name: "a\u0000" }), "name: must not contain NUL characters"],
    ["role unknown", () => ({ email: email(), role: "root" }), "role: must be one of viewer, sre, finops, admin"],
    [
      "role huge",
      () => ({ email: email(), role: "r".repeat(10_000) }),
      "role: must be one of viewer, sre, finops, admin",
    ],
    [
      "password long",
      () => ({ email: email(), role: "viewer", password: "p".repeat(257) }),
      "password: must be at most 256 characters",
    ],
    [
      "password NUL",
      () => ({ email: email(), role: "viewer", password: "long-enough-\u0000-password" }),
      "password: must not contain NUL characters",
    ],
  ])("POST /api/v1/users: %s", async (_label, body, message) => {
    const response = await callHandler(createUser, "/api/v1/users", {
      ...json("POST", body()),
      headers: { cookie, "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it.each<[string, string | null, unknown, string]>([
    ["id NUL", "a\u0000b", { role: "sre" }, "id: must not contain NUL characters"],
    ["id odd", "../etc", { role: "sre" }, "id: must be a user id"],
    ["id long", "x".repeat(65), { role: "sre" }, "id: must be at most 64 characters"],
    ["reason NUL", null, { role: "sre", reason: "why\u0000" }, "reason: must not contain NUL characters"],
    ["reason long", null, { role: "sre", reason: "r".repeat(501) }, "reason: must be at most 500 characters"],
    ["reason surrogate", null, { role: "sre", reason: "\udfff" }, "reason: must be valid Unicode (no lone surrogates)"],
    ["role unknown", null, { role: "root" }, "role: must be one of viewer, sre, finops, admin"],
    ["disabled text", null, { disabled: "yes" }, "disabled: Invalid input: expected boolean, received string"],
  ])("PATCH /api/v1/users/[id]: %s", async (_label, id, body, message) => {
    const target = id ?? someoneId;
    const response = await callHandler(
      changeUser,
      `/api/v1/users/${encodeURIComponent(target)}`,
      { ...json("PATCH", body), headers: { cookie, "content-type": "application/json" } },
      { id: target },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it.each<[string, unknown, string]>([
    ["name NUL", { name: "ci\u0000", scopes: ["read"] }, "name: must not contain NUL characters"],
    ["name long", { name: "k".repeat(65), scopes: ["read"] }, "name: must be at most 64 characters"],
    [
      "scope unknown",
      { name: uniqueName("k"), scopes: ["root"] },
      "scopes.0: must be one of read, ingest:traces, ingest:billing, ingest:iac, ingest:delivery",
    ],
    [
      "scopes not a list",
      { name: uniqueName("k"), scopes: "read" },
      "scopes: Invalid input: expected array, received string",
    ],
  ])("POST /api/v1/api-keys: %s", async (_label, body, message) => {
    const response = await callHandler(createKey, "/api/v1/api-keys", {
      ...json("POST", body),
      headers: { cookie, "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it.each<[string, string, string]>([
    ["reason NUL", "reason=a%00", "reason: must not contain NUL characters"],
    ["reason long", `reason=${"r".repeat(501)}`, "reason: must be at most 500 characters"],
  ])("DELETE /api/v1/api-keys/[id]: %s", async (_label, query, message) => {
    const id = "00000000-0000-4000-8000-000000000000";
    const response = await callHandler(
      revokeKey,
      `/api/v1/api-keys/${id}?${query}`,
      { method: "DELETE", headers: { cookie } },
      { id },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it("answers a malformed key id with 404, as for one that does not exist", async () => {
    const response = await callHandler(
      revokeKey,
      "/api/v1/api-keys/x",
      { method: "DELETE", headers: { cookie } },
      { id: "a\u0000" },
    );
    expect(response.status).toBe(404);
  });
});
