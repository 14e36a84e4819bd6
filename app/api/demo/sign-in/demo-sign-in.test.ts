import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as demoSignIn } from "@/app/api/demo/sign-in/route";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { ensureDemoUsers } from "@/lib/demo/demo-users";
import { dataDir, env } from "@/lib/env";
import { usePrivateDatabase } from "@/test/private-database";
import { DEMO_SIGN_IN_REFUSED, demoSignInAllowed } from "@/lib/auth/demo-sign-in";
import { runWithPeer } from "@/lib/auth/request-scope";
import { callHandler, chunkedBody } from "@/test/http-callers";

// The demo users have fixed emails, so this file has a database of its own.

beforeAll(async () => {
  await usePrivateDatabase("demo_sign_in");
  fs.mkdirSync(dataDir(), { recursive: true });
  await ensureDemoUsers(systemCtx("test"));
}, 60_000);

afterAll(async () => {
  await closeDb();
});

function clickDemo(role: string, peer: string | null, headers: Record<string, string> = {}) {
  return callHandler(
    demoSignIn,
    "/api/demo/sign-in",
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: `role=${encodeURIComponent(role)}`,
    },
    {},
    peer,
  );
}

type Settings = { VIGIL_DEMO_SIGN_IN: boolean; VIGIL_HOST: string; VIGIL_TRUSTED_PROXIES: string[] };
const DEFAULTS: Settings = { VIGIL_DEMO_SIGN_IN: false, VIGIL_HOST: "127.0.0.1", VIGIL_TRUSTED_PROXIES: [] };

describe("who the demo's one-click sign-in serves", () => {
  it.each<[string | null | undefined, Record<string, string>, Partial<Settings>, boolean]>([
    ["127.0.0.1", {}, {}, true],
    ["127.8.9.1", {}, {}, true],
    ["::1", {}, {}, true],
    ["::ffff:127.0.0.1", {}, {}, true],
    ["203.0.113.9", {}, {}, false],
    ["203.0.113.9", { "x-forwarded-for": "127.0.0.1" }, {}, false],
    ["10.0.0.5", { "x-forwarded-for": "127.0.0.1, 10.0.0.5" }, {}, false],
    // A proxy on this machine that Vigil trusts forwards for someone else.
    ["127.0.0.1", { "x-forwarded-for": "198.51.100.4" }, { VIGIL_TRUSTED_PROXIES: ["127.0.0.1"] }, false],
    ["203.0.113.9", {}, { VIGIL_DEMO_SIGN_IN: true }, true],
    // Peer unknown (plain `next start`): only a loopback-bound server with no proxy can vouch.
    [null, {}, {}, false],
    [undefined, { "x-forwarded-for": "203.0.113.9" }, {}, true],
    [undefined, {}, { VIGIL_HOST: "0.0.0.0" }, false],
    [undefined, { "x-forwarded-for": "127.0.0.1" }, { VIGIL_HOST: "::" }, false],
    [undefined, {}, { VIGIL_TRUSTED_PROXIES: ["127.0.0.1"] }, false],
  ])("peer %s, headers %j, settings %j: %s", (peer, headers, settings, allowed) => {
    const decide = () => demoSignInAllowed(new Headers(headers), { ...DEFAULTS, ...settings });
    expect(peer === undefined ? decide() : runWithPeer(peer, decide)).toBe(allowed);
  });
});

describe("POST /api/demo/sign-in", () => {
  it("signs a visitor on loopback in as the demo user of the role", async () => {
    for (const peer of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const response = await clickDemo("admin", peer);
      expect(response.status, peer).toBe(303);
      expect(response.headers.get("location")).toBe("/");
      expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith("vigil.session_token="))).toBe(true);
    }
  });

  it("refuses anyone else with 403 and how to allow it, whatever X-Forwarded-For says", async () => {
    const response = await clickDemo("admin", "203.0.113.9", { "x-forwarded-for": "127.0.0.1" });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.json()).toEqual({
      error: { code: "forbidden", message: DEMO_SIGN_IN_REFUSED, setting: "VIGIL_DEMO_SIGN_IN" },
    });
    expect(DEMO_SIGN_IN_REFUSED).toContain("VIGIL_DEMO_SIGN_IN=true");
  });

  it("serves other machines too with VIGIL_DEMO_SIGN_IN=true", async () => {
    const settings = env();
    settings.VIGIL_DEMO_SIGN_IN = true;
    try {
      expect((await clickDemo("viewer", "203.0.113.9")).status).toBe(303);
    } finally {
      settings.VIGIL_DEMO_SIGN_IN = false;
    }
  });

  it("names the field for a bad role and refuses a chunked body over the cap", async () => {
    for (const role of ["root", "admin\u0000", ""]) {
      const response = await clickDemo(role, "127.0.0.1");
      expect(response.status, role).toBe(400);
      expect((await response.json()).error.message).toBe("role: must be one of viewer, sre, finops, admin");
    }
    const huge = await callHandler(
      demoSignIn,
      "/api/demo/sign-in",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: chunkedBody("role=", 5 * 1024 * 1024),
      },
      {},
      "127.0.0.1",
    );
    expect(huge.status).toBe(413);
  });
});
