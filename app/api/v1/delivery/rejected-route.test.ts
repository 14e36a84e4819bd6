import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deployments from "@/app/api/v1/delivery/deployments/route";
import * as rejected from "@/app/api/v1/delivery/rejected/route";
import type { Role } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import type { RejectedEvent } from "@/lib/delivery/rejected-events";
import { uniqueName } from "@/test/factories";
import { postTo } from "@/test/delivery-webhooks";
import { bearerKey, callHandler, sessionCookie } from "@/test/http-callers";

// GET /api/v1/delivery/rejected: admins only (the bodies hold whatever senders sent), newest
// first in pages, 7 days kept, every body stored as text PostgreSQL and a browser can take.

interface Page {
  items: RejectedEvent[];
  nextBefore: string | null;
}

describe("GET /api/v1/delivery/rejected (PostgreSQL)", () => {
  let key: string;
  let admin: string;
  beforeAll(async () => {
    key = await bearerKey(["ingest:delivery"]);
    admin = await sessionCookie("admin");
  });
  afterAll(closeDb);

  const list = (query: string, cookie = admin) =>
    callHandler(rejected.GET, `/api/v1/delivery/rejected${query}`, { headers: { cookie, origin: publicUrl() } });
  /** Sends a deployment refused for its empty id, marked so this test finds it again. */
  const refuse = async (marker: string) => {
    const response = await postTo(deployments.POST, "/api/v1/delivery/deployments", `{"id":"","marker":"${marker}"}`, {
      authorization: key,
    });
    return ((await response.json()) as { rejectedId: string }).rejectedId;
  };

  it("is for admins: 403 for viewer, sre and finops, and for an ingest:delivery key", async () => {
    for (const role of ["viewer", "sre", "finops"] as Role[])
      expect((await list("", await sessionCookie(role))).status).toBe(403);
    const byKey = await callHandler(rejected.GET, "/api/v1/delivery/rejected", { headers: { authorization: key } });
    expect(byKey.status).toBe(403);
    expect((await list("")).status).toBe(200);
  });

  it("pages newest first with limit and before, without repeating or skipping", async () => {
    const marker = uniqueName("page");
    const ids = [await refuse(marker), await refuse(marker), await refuse(marker)];
    const seen: string[] = [];
    let query = "?limit=2";
    for (let page = 0; page < 100; page += 1) {
      const body = (await (await list(query)).json()) as Page;
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((item) => item.id));
      if (!body.nextBefore || ids.every((id) => seen.includes(id))) break;
      query = `?limit=2&before=${encodeURIComponent(body.nextBefore)}`;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
  });

  it.each([
    ["limit", "?limit=0"],
    ["limit", "?limit=201"],
    ["before", "?before=not-a-cursor"],
    ["before", "?before=99999999999999999999%3A1"],
  ])("refuses a bad %s (%s) with a 400 naming it", async (field, query) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
  });

  it("stores a body with raw NUL bytes and broken UTF-8 as safe text", async () => {
    const raw = new Uint8Array([...Buffer.from('{"id":"a'), 0x00, 0xed, 0xa0, 0x80, ...Buffer.from('"}')]);
    const response = await postTo(deployments.POST, "/api/v1/delivery/deployments", raw, { authorization: key });
    expect(response.status).toBe(400);
    const { rejectedId } = (await response.json()) as { rejectedId: string };
    const { items } = (await (await list("?limit=200")).json()) as Page;
    const stored = items.find((item) => item.id === rejectedId);
    expect(stored?.bodyExcerpt).toBe('{"id":"a\uFFFD\uFFFD\uFFFD\uFFFD"}');
    expect(stored?.errors).toEqual([{ field: "(body)", reason: "is not valid UTF-8" }]);
  });

  it("keeps 7 days: older rejections are not listed and go with the next insert", async () => {
    const old = await pool().query<{ id: string }>(
      `INSERT INTO delivery_rejected_event (received_at, route, source, sender, errors, body_excerpt, body_bytes)
       VALUES (now() - interval '7 days 1 minute', 'test', 'test', 'test', '[]', '', 0) RETURNING id::text`,
    );
    const oldId = old.rows[0].id;
    const { items } = (await (await list("?limit=200")).json()) as Page;
    expect(items.map((item) => item.id)).not.toContain(oldId);
    await refuse(uniqueName("prune"));
    const left = await pool().query("SELECT 1 FROM delivery_rejected_event WHERE id = $1", [oldId]);
    expect(left.rowCount).toBe(0);
  });
});
