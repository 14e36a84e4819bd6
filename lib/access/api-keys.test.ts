import { describe, expect, it } from "vitest";
import { can, systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";

const admin = systemCtx("test");

describe("API keys", () => {
  it("are shown once, stored only as a hash, and authenticate with their scopes", async () => {
    const name = uniqueName("collector");
    const created = await createApiKey(admin, { name, scopes: ["ingest:traces", "read"] });
    expect(created.key).toMatch(/^vgl_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const row = await db().apiKey.findUniqueOrThrow({ where: { name } });
    // The secret is base64url and may itself hold "_", so it is taken by position, not by splitting.
    expect(JSON.stringify(row)).not.toContain(created.key.slice("vgl_12345678_".length));
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);

    const actor = await authenticateApiKey(created.key);
    expect(actor).toMatchObject({ kind: "api_key", label: name, role: null, scopes: ["ingest:traces", "read"] });
    expect(can(actor!, "ingest:traces")).toBe(true);
    expect(can(actor!, "read")).toBe(true);
    expect(can(actor!, "ingest:billing")).toBe(false);
    expect(can(actor!, "audit:read")).toBe(false);
    expect((await db().apiKey.findUniqueOrThrow({ where: { name } })).lastUsedAt).not.toBeNull();
  });

  it("stop working once revoked, and the revocation is audited with its reason", async () => {
    const name = uniqueName("script");
    const { key } = await createApiKey(admin, { name, scopes: ["read"] });
    await revokeApiKey(admin, { name }, "left the team");
    expect(await authenticateApiKey(key)).toBeNull();
    await expect(revokeApiKey(admin, { name })).rejects.toMatchObject({ code: "conflict" });
    const entries = await db().auditEntry.findMany({
      where: { targetType: "apikey", targetId: name },
      orderBy: { seq: "asc" },
    });
    expect(entries.map((entry) => [entry.action, entry.reason])).toEqual([
      ["apikey.create", null],
      ["apikey.revoke", "left the team"],
    ]);
    const listed = (await listApiKeys(admin)).find((item) => item.name === name);
    expect(listed?.revokedAt).not.toBeNull();
  });

  it("reject made-up, malformed and tampered keys", async () => {
    const { key } = await createApiKey(admin, { name: uniqueName("k"), scopes: ["read"] });
    expect(await authenticateApiKey(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await authenticateApiKey("vgl_00000000_" + "A".repeat(43))).toBeNull();
    expect(await authenticateApiKey("Bearer nonsense")).toBeNull();
  });

  it("are managed by admins only, refused before any lookup so existence never leaks", async () => {
    for (const role of ["viewer", "sre", "finops"] as const) {
      await expect(createApiKey(roleCtx(role), { name: uniqueName("x"), scopes: ["read"] })).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(revokeApiKey(roleCtx(role), { name: "does-not-exist" })).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(listApiKeys(roleCtx(role))).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(revokeApiKey(roleCtx("admin"), { name: "does-not-exist" })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("refuse bad names and scopes with the field and the reason", async () => {
    await expect(createApiKey(admin, { name: "Has Spaces", scopes: ["read"] })).rejects.toThrow(
      /^name: must be lowercase/,
    );
    await expect(createApiKey(admin, { name: uniqueName("k"), scopes: ["write:everything" as never] })).rejects.toThrow(
      /^scopes\.0: must be one of read, ingest:traces, ingest:billing, ingest:iac, ingest:delivery/,
    );
    await expect(createApiKey(admin, { name: uniqueName("k"), scopes: [] })).rejects.toThrow(
      /^scopes: give at least one scope/,
    );
  });
});
