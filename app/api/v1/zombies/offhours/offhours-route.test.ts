import { describe, expect, it } from "vitest";
import { bearerKey, callHandler, sessionCookie } from "@/test/http-callers";
import { GET } from "./route";

// GET /api/v1/zombies/offhours over HTTP: a session or a `read` key may list; every hostile limit
// or cursor is a 400 that names the parameter, never a 500.

const HOSTILE: [string, string, string][] = [
  ["limit", "", "empty"],
  ["limit", "0", "smallest minus one"],
  ["limit", "201", "largest plus one"],
  ["limit", "-1", "negative"],
  ["limit", "1.5", "fractional"],
  ["limit", "abc", "malformed"],
  ["limit", "a%00b", "NUL"],
  ["limit", "%ED%A0%80", "lone surrogate"],
  ["limit", "99999999999999999999", "overflow"],
  ["limit", "1e400", "overflow to infinity"],
  ["cursor", "a%00b", "NUL"],
  ["cursor", "%ED%A0%80", "lone surrogate"],
  ["cursor", "!!!", "malformed"],
  ["cursor", Buffer.from("0").toString("base64url"), "offset zero"],
  ["cursor", Buffer.from("100001").toString("base64url"), "offset past the last page"],
  ["cursor", Buffer.from("99999999999999999999").toString("base64url"), "overflow"],
  ["cursor", "x".repeat(10_000), "10 KB"],
];

describe("GET /api/v1/zombies/offhours", () => {
  it("answers each hostile limit or cursor with a 400 naming it", async () => {
    const cookie = await sessionCookie("viewer");
    for (const [field, raw, what] of HOSTILE) {
      const response = await callHandler(GET, `/api/v1/zombies/offhours?${field}=${raw}`, { headers: { cookie } });
      const label = `${field} ${what}`;
      expect(response.status, label).toBe(400);
      expect(JSON.stringify(await response.json()), label).toContain(field);
    }
  });

  it("takes the largest and smallest limits, a blank cursor and a read key", async () => {
    const cookie = await sessionCookie("viewer");
    for (const query of [
      "limit=1",
      "limit=200",
      "cursor=",
      "limit=200&cursor=" + Buffer.from("100000").toString("base64url"),
    ]) {
      const response = await callHandler(GET, `/api/v1/zombies/offhours?${query}`, { headers: { cookie } });
      expect(response.status, query).toBe(200);
      const body = (await response.json()) as { items: unknown[]; totals: unknown[]; nextCursor: string | null };
      expect(Array.isArray(body.items) && Array.isArray(body.totals), query).toBe(true);
    }
    const far = await callHandler(
      GET,
      `/api/v1/zombies/offhours?cursor=${Buffer.from("100000").toString("base64url")}`,
      {
        headers: { cookie },
      },
    );
    expect(((await far.json()) as { items: unknown[] }).items).toEqual([]);
    const key = await bearerKey(["read"]);
    const withKey = await callHandler(GET, "/api/v1/zombies/offhours", { headers: { authorization: key } });
    expect(withKey.status).toBe(200);
    const ingestOnly = await bearerKey(["ingest:traces"]);
    const refused = await callHandler(GET, "/api/v1/zombies/offhours", {
      headers: { authorization: ingestOnly },
    });
    expect(refused.status).toBe(403);
    expect((await callHandler(GET, "/api/v1/zombies/offhours", {})).status).toBe(401);
  });
});
