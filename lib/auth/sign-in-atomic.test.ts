import { describe, expect, it } from "vitest";
import { createUser } from "@/lib/access/users";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import { asOwner, privateDatabaseForFile } from "@/test/private-database";
import { handleAuthRequest } from "./handler";

// A sign-in whose audit entry can not be written must not leave a session behind: both are one
// transaction. This file breaks audit writes on purpose, so it uses a database of its own.

const url = privateDatabaseForFile("atomic");

describe("sign-in and its audit entry", () => {
  it("commit together or not at all", async () => {
    const email = "atomic@example.com";
    await createUser(systemCtx("test"), { email, role: "viewer", password: "a-long-enough-password" });
    await asOwner(url(), `ALTER TABLE audit_entry ADD CONSTRAINT refuse_sign_in CHECK (action <> 'auth.sign_in')`);
    const response = await handleAuthRequest(
      new Request(`${publicUrl()}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: publicUrl() },
        body: JSON.stringify({ email, password: "a-long-enough-password" }),
      }),
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: "internal", message: "Internal error" } });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await db().session.count()).toBe(0);
    expect(await db().auditEntry.count({ where: { action: "auth.sign_in" } })).toBe(0);
  });
});
