import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { env, publicUrl } from "@/lib/env";
import { dataErrorCode } from "@/lib/errors";
import { bearerKey, callRoute, sessionCookie } from "@/test/http-callers";
import { uniqueName } from "@/test/factories";
import { apiRoute, jsonBody, MAX_JSON_BYTES } from "./api-route";

// A write route as the budgets route is built (its name gives it the costs:manage permission),
// whose verb only reads the body: what is tested here is apiRoute and jsonBody around it.
const createBudget = apiRoute<Record<string, string>>("POST /api/v1/budgets", async (_ctx, request) => ({
  body: await jsonBody(request),
}));
const BUDGETS = { method: "POST", route: "/api/v1/budgets", handler: createBudget } as const;
const MiB = 1024 * 1024;

/** A body of `total` bytes produced only as it is read, counting what the reader pulled. */
function lazyBody(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled >= total) return controller.close();
        state.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

/** Posts 200 MB, produced only as it is read, with `cookie`; `grown()` is how much memory has grown since. */
async function postHugeBody(cookie: string) {
  const before = process.memoryUsage().rss;
  const { stream, state } = lazyBody(200 * MiB);
  const response = await callRoute(BUDGETS, {
    headers: { cookie, origin: publicUrl(), "content-type": "application/json" },
    body: stream,
  });
  return { response, state, grown: () => process.memoryUsage().rss - before };
}

const budgetBody = () => JSON.stringify({ scope: "team", key: uniqueName("origin"), monthlyAmount: "100" });

describe("request bodies", () => {
  let viewer: string;
  let finops: string;
  beforeAll(async () => {
    [viewer, finops] = await Promise.all([sessionCookie("viewer"), sessionCookie("finops")]);
  });

  it("refuses a viewer's 200 MB body to a write route with 403 before reading it", async () => {
    const { response, state, grown } = await postHugeBody(viewer);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("forbidden");
    expect(state.pulled).toBeLessThanOrEqual(64 * 1024);
    expect(grown()).toBeLessThan(40 * MiB);
  });

  it("stops reading an allowed caller's 200 MB chunked body at 1 MiB and answers 413", async () => {
    const { response, state, grown } = await postHugeBody(finops);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({ code: "payload_too_large", limit: MAX_JSON_BYTES });
    expect(state.pulled).toBeLessThan(MAX_JSON_BYTES + 128 * 1024);
    expect(grown()).toBeLessThan(40 * MiB);
  });

  it("answers 413 from the declared length alone, without reading the body", async () => {
    const { stream, state } = lazyBody(200 * MiB);
    const headers = {
      cookie: finops,
      origin: publicUrl(),
      "content-type": "application/json",
      "content-length": String(200 * MiB),
    };
    const response = await callRoute(BUDGETS, { headers, body: stream });
    expect(response.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("still reads a body under the cap, and refuses one that is not UTF-8 or not JSON", async () => {
    const headers = { cookie: finops, origin: publicUrl(), "content-type": "application/json" };
    expect((await callRoute(BUDGETS, { headers, body: budgetBody() })).status).toBe(201);
    const notUtf8 = await callRoute(BUDGETS, { headers, body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(notUtf8.status).toBe(400);
    expect((await notUtf8.json()).error.message).toBe("Body is not valid UTF-8");
    expect((await callRoute(BUDGETS, { headers, body: "{" })).status).toBe(400);
  });
});

describe("the same-origin check on cookie writes", () => {
  let finops: string;
  beforeAll(async () => {
    finops = await sessionCookie("finops");
  });

  async function post(url: string, headers: Record<string, string>) {
    const request = new Request(url, {
      method: "POST",
      headers: { cookie: finops, "content-type": "application/json", ...headers },
      body: budgetBody(),
    });
    return createBudget(request, { params: Promise.resolve({}) });
  }

  it("refuses an Origin that matches only the request's own Host header", async () => {
    const response = await post("http://evil.example/api/v1/budgets", {
      host: "evil.example",
      origin: "http://evil.example",
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/Cross-site request refused/);
  });

  it("accepts the public address and the address Vigil listens on, from any Host", async () => {
    const { PORT } = env();
    for (const origin of [publicUrl(), `http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`]) {
      expect((await post("http://evil.example/api/v1/budgets", { host: "evil.example", origin })).status, origin).toBe(
        201,
      );
    }
  });

  it("without an Origin, requires Sec-Fetch-Site: same-origin", async () => {
    expect((await post(`${publicUrl()}/api/v1/budgets`, {})).status).toBe(403);
    expect((await post(`${publicUrl()}/api/v1/budgets`, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post(`${publicUrl()}/api/v1/budgets`, { "sec-fetch-site": "same-origin" })).status).toBe(201);
  });
});

describe("data errors from PostgreSQL", () => {
  let key: string;
  beforeAll(async () => {
    key = await bearerKey(["read"]);
  });

  async function answer(query: () => Promise<unknown>) {
    const handler = apiRoute("GET /api/v1/me", async () => {
      await query();
      return {};
    });
    const response = await handler(new Request(`${publicUrl()}/api/v1/me`, { headers: { authorization: key } }), {
      params: Promise.resolve({}),
    });
    return { status: response.status, body: await response.json() };
  }

  it("become a 400 without PostgreSQL's message, whether from pg or through Prisma", async () => {
    for (const query of [
      () => pool().query("SELECT $1::int", ["99999999999999999999"]),
      () => pool().query("SELECT $1::text", ["a\0b"]),
      () => db().$queryRaw`SELECT ${"not a time"}::timestamptz`,
      () => db().service.findMany({ where: { name: "a\0b" } }),
    ]) {
      const { status, body } = await answer(query);
      expect(status).toBe(400);
      expect(body.error).toEqual({ code: "bad_request", message: "A parameter is out of range or malformed" });
    }
  });

  it("other database failures stay a 500 that says nothing", async () => {
    const { status, body } = await answer(() => pool().query("SELECT * FROM no_such_table"));
    expect(status).toBe(500);
    expect(body.error).toEqual({ code: "internal", message: "Internal error" });
    expect(dataErrorCode(Object.assign(new Error("duplicate"), { code: "23505" }))).toBeNull();
  });
});
