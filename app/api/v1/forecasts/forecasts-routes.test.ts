import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import { uniqueName } from "@/test/factories";
import { bearerKey, callHandler, sessionCookie } from "@/test/http-callers";
import { GET as capacity } from "./capacity/route";
import { GET as features } from "./features/route";
import { GET as services } from "./services/route";
import { GET as getSettings, PATCH as patchSettings } from "./settings/route";

// The forecast API through its real handlers: who may read and change it, and what it answers to
// hostile query strings and bodies (never a 5xx; a 400 names the parameter).

afterAll(closeDb);

let reader: string;
let viewer: string;
let admin: string;
beforeAll(async () => {
  [reader, viewer, admin] = await Promise.all([bearerKey(["read"]), sessionCookie("viewer"), sessionCookie("admin")]);
});

type Handler = typeof services;
const get = async (handler: Handler, path: string, headers: Record<string, string> = { authorization: reader }) => {
  const response = await callHandler(handler, path, { headers });
  return { status: response.status, body: await response.json() };
};
const patch = async (body: string, cookie: string) => {
  const response = await callHandler(patchSettings, "/api/v1/forecasts/settings", {
    method: "PATCH",
    headers: { cookie, origin: publicUrl(), "content-type": "application/json" },
    body,
  });
  return { status: response.status, body: await response.json() };
};

describe("GET /api/v1/forecasts/*", () => {
  it("answers a read key and a viewer's session, and no one without either", async () => {
    const service = uniqueName("fr");
    await pool().query(
      `INSERT INTO span_hour (hour, service, operation, environment, requests, errors, buckets, counts)
       SELECT date_trunc('hour', now()) - make_interval(hours => h), $1, 'GET /', 'prod', 100, 0, ARRAY[1]::smallint[], ARRAY[1]::bigint[]
         FROM generate_series(1, 240) AS h`,
      [service],
    );
    const answer = await get(services, `/api/v1/forecasts/services?service=${service}`);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toMatchObject([{ service, environment: "prod", state: "ready", highest: 100 }]);
    expect(answer.body.items[0].points).toHaveLength(14 * 24);
    expect((await get(services, `/api/v1/forecasts/services?service=${service}`, { cookie: viewer })).status).toBe(200);
    expect((await get(services, "/api/v1/forecasts/services", {})).status).toBe(401);
    expect((await get(features, "/api/v1/forecasts/features?currency=USD")).status).toBe(200);
    // The stored margin is shared with other test files (and the route walk): this call pins its own.
    const warnings = await get(capacity, "/api/v1/forecasts/capacity?environment=prod&margin=20");
    expect(warnings.body.marginPercent).toBe(20);
    expect(warnings.status).toBe(200);
    expect(warnings.body.items.some((w: { service: string }) => w.service === service)).toBe(false);
    expect((await get(getSettings, "/api/v1/forecasts/settings")).body).toMatchObject({
      defaultCapacityMarginPercent: 20,
    });
  });

  it("refuses hostile parameters naming them, and ignores ones it does not know", async () => {
    const cases: [Handler, string, string][] = [
      [services, "service=a%00b", "service"],
      [services, `environment=${"x".repeat(10_000)}`, "environment"],
      [services, "limit=99999999999999999999", "limit"],
      [services, "limit=1e15", "limit"],
      [services, "cursor=99999999999999999999%3Afff", "cursor"],
      [features, "currency=us", "currency"],
      [features, "currency=U%00D", "currency"],
      [features, "limit=-1", "limit"],
      [capacity, "environment=a%00", "environment"],
    ];
    for (const [handler, query, field] of cases) {
      const answer = await get(handler, `/api/v1/forecasts/x?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.message, query).toMatch(new RegExp(`^${field}`));
    }
    // A lone surrogate's bytes are not UTF-8: the URL decodes them as U+FFFD, a name no one has.
    for (const query of ["service=%ED%A0%80", "feature=%ED%B0%80"]) {
      const answer = await get(query.startsWith("s") ? services : features, `/api/v1/forecasts/x?${query}`);
      expect(answer, query).toMatchObject({ status: 200, body: { items: [] } });
    }
    const unknown = await get(services, "/api/v1/forecasts/services?service=nobody&toString=1&__proto__=x");
    expect(unknown).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    expect((await get(features, "/api/v1/forecasts/features?currency=EUR")).body.items).toEqual([]);
  });
});

describe("PATCH /api/v1/forecasts/settings", () => {
  it("lets an admin set the margin, and refuses readers and bad bodies", async () => {
    expect((await patch('{"capacityMarginPercent":30}', viewer)).status).toBe(403);
    for (const body of [
      '{"capacityMarginPercent":1001}',
      '{"capacityMarginPercent":"twenty"}',
      '{"capacityMarginPercent":1e400}',
      '{"capacityMarginPercent":20,"x":1}',
      "[]",
      "{",
      '"\\ud800"',
    ]) {
      const answer = await patch(body, admin);
      expect(answer.status, body).toBe(400);
    }
    try {
      const answer = await patch('{"capacityMarginPercent":35}', admin);
      expect(answer).toMatchObject({ status: 200, body: { capacityMarginPercent: 35 } });
      expect((await get(getSettings, "/api/v1/forecasts/settings")).body).toMatchObject({ capacityMarginPercent: 35 });
    } finally {
      await patch('{"capacityMarginPercent":20}', admin);
    }
  });
});
