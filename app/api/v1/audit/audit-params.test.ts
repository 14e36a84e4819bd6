import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAudit } from "@/app/api/v1/audit/route";
import { GET as exportAudit } from "@/app/api/v1/audit/export/route";
import { callHandler, newPerson, signIn } from "@/test/http-callers";

let cookie: string;

beforeAll(async () => {
  const finops = await newPerson("finops");
  cookie = await signIn(finops.email, finops.password);
});

const BAD_QUERIES: [string, string][] = [
  ["actor=a%00b", "actor: must not contain NUL characters"],
  [`actor=${"a".repeat(255)}`, "actor: must be at most 254 characters"],
  ["action=auth.%00", "action: must not contain NUL characters"],
  [`action=${"a".repeat(101)}`, "action: must be at most 100 characters"],
  ["target=user:%00", "target: must not contain NUL characters"],
  [`target=${"t".repeat(201)}`, "target: must be at most 200 characters"],
  ["from=yesterday", "from: must be an ISO 8601 time such as 2026-11-24T00:00:00Z"],
  ["to=2026-13-45T00:00:00Z", "to: must be an ISO 8601 time such as 2026-11-24T00:00:00Z"],
];

const BAD_PAGES: [string, string][] = [
  ["before=99999999999999999999999", "before: must be an entry's sequence number"],
  ["before=9223372036854775808", "before: must be an entry's sequence number"],
  ["before=-1", "before: must be an entry's sequence number"],
  ["before=0", "before: must be an entry's sequence number"],
  ["before=1.5", "before: must be an entry's sequence number"],
  ["before=1e3", "before: must be an entry's sequence number"],
  ["before=%00", "before: must be an entry's sequence number"],
  ["limit=abc", "limit: must be a number"],
  ["limit=0", "limit: must be between 1 and 200"],
  ["limit=1e400", "limit: must be a number"],
  ["limit=2.5", "limit: must be a whole number"],
];

describe("audit query parameters", () => {
  it.each([...BAD_QUERIES, ...BAD_PAGES])("GET /api/v1/audit?%s is a 400 naming the field", async (query, message) => {
    const response = await callHandler(listAudit, `/api/v1/audit?${query}`, { headers: { cookie } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it.each(BAD_QUERIES)("GET /api/v1/audit/export?%s is a 400 naming the field", async (query, message) => {
    const response = await callHandler(exportAudit, `/api/v1/audit/export?${query}`, { headers: { cookie } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it("still takes good pages and filters", async () => {
    for (const query of [
      "before=9223372036854775807&limit=200",
      "actor=&action=auth.&from=2020-01-01T00:00:00Z",
      "limit=1",
    ]) {
      expect((await callHandler(listAudit, `/api/v1/audit?${query}`, { headers: { cookie } })).status, query).toBe(200);
    }
  });
});
