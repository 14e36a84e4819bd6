import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import { type Actor, type ApiKeyScope, can, type Role } from "../lib/context";
import { ROUTES, type RouteEntry } from "../lib/http/routes";
import { sampleOf } from "../test/route-samples";

// Every route in lib/http/routes.ts, called as every role, with no session and with API keys,
// against the real server. The expected status comes from the table and the role model alone.

type Caller = { name: string; actor: Actor | null; context: APIRequestContext };

const ROLES: Role[] = ["viewer", "sre", "finops", "admin"];
const KEYS: ApiKeyScope[][] = [["read"], ["ingest:traces"], ["ingest:billing"], ["ingest:delivery"]];

function expected(entry: RouteEntry, actor: Actor | null): number {
  const signedInPerson = actor?.kind === "user";
  const { signedInStatus, allowedStatus } = sampleOf(entry);
  if (entry.access === "public") return signedInPerson && signedInStatus ? signedInStatus : 200;
  // Pages are for people with a session; a key is not a session, so both go to the sign-in page.
  if (entry.kind === "page" && !signedInPerson) return 307;
  if (!actor) return 401;
  const allowed = entry.access === "signed-in" || can(actor, entry.access);
  return allowed ? (allowedStatus ?? 200) : 403;
}

let callers: Caller[] = [];

test.beforeAll(async ({ baseURL }) => {
  const origin = { origin: baseURL as string };
  const anonymous = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: origin });
  callers.push({ name: "no session", actor: null, context: anonymous });
  for (const role of ROLES) {
    const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: origin });
    const signIn = await context.post("/api/demo/sign-in", { form: { role }, maxRedirects: 0 });
    expect(signIn.status(), `demo sign-in as ${role}`).toBe(303);
    callers.push({ name: role, actor: { kind: "user", id: role, label: role, role, scopes: [] }, context });
  }
  const admin = callers.find((caller) => caller.name === "admin") as Caller;
  for (const scopes of KEYS) {
    const created = await admin.context.post("/api/v1/api-keys", {
      data: { name: `matrix-${scopes.join("-").replace(":", "-")}-${Date.now()}`, scopes },
    });
    expect(created.status()).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const context = await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${key}` },
    });
    callers.push({
      name: `key ${scopes.join(",")}`,
      actor: { kind: "api_key", id: key, label: "key", role: null, scopes },
      context,
    });
  }
});

test.afterAll(async () => {
  await Promise.all(callers.map((caller) => caller.context.dispose()));
  callers = [];
});

test("every route answers every caller with exactly the status the route table implies", async () => {
  const walked = ROUTES.filter((entry) => sampleOf(entry).matrix !== false);
  const mismatches: string[] = [];
  let calls = 0;
  for (const entry of walked) {
    const sample = sampleOf(entry);
    for (const caller of callers) {
      const path = sample.path ?? entry.route;
      const response = await caller.context.fetch(path, {
        method: entry.method,
        data: sample.body?.(),
        headers: sample.headers,
        maxRedirects: 0,
      });
      calls += 1;
      const want = expected(entry, caller.actor);
      const got = response.status();
      if (got !== want) mismatches.push(`${entry.method} ${path} as ${caller.name}: expected ${want}, got ${got}`);
      if (got === 307 && want === 307 && !sample.signedInStatus) {
        expect(response.headers().location, `${path} as ${caller.name}`).toMatch(/\/sign-in$/);
      }
      if (got >= 400) {
        const body = await response.text();
        expect(body, `${entry.method} ${path} as ${caller.name}`).not.toMatch(/\n\s+at |Prisma|stack/i);
        // Refusals never say whether the object asked for exists.
        if (got === 403 && entry.kind === "api") expect(body).not.toMatch(/no such|not found/i);
      }
    }
  }
  console.log(
    `access matrix: ${walked.length} routes x ${callers.length} callers = ${calls} calls, ${mismatches.length} mismatches`,
  );
  expect(mismatches).toEqual([]);
});
