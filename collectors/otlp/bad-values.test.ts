import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { createReceiver, type Receiver } from "./receiver";
import { goodSpan, type Json, nowNs, request, send, str } from "./test-requests";

// Values a client can send that the store could not hold: each is rejected span by span, or
// stored in a form PostgreSQL takes; never a retryable answer that would block the good spans.

let receiver: Receiver;
let url: string;
let key: string;

beforeAll(async () => {
  receiver = createReceiver({ port: 0, host: "127.0.0.1", maxBodyBytes: 4 * 1024 * 1024, retentionDays: 15 });
  url = `http://127.0.0.1:${await receiver.listen()}/v1/traces`;
  key = (await createApiKey(systemCtx("test"), { name: uniqueName("bad-values"), scopes: ["ingest:traces"] })).key;
});

afterAll(() => receiver.close());

const ENCODINGS = ["json", "protobuf"] as const;

async function stored(service: string) {
  const { rows } = await pool().query(
    `SELECT s.name, s.service, s.environment, s.duration_ns::text, s.http_status_code, s.attributes::text, s.events::text, s.links::text,
            r.service AS resource_service, r.attributes::text AS resource, r.scope_name, r.scope_version
     FROM span s JOIN span_resource r ON r.fingerprint = s.resource_fp WHERE s.service = $1 ORDER BY s.name`,
    [service],
  );
  return rows;
}

describe("values the store can not hold as sent", () => {
  it("rejects, span by span, a span ending before it starts, more than a day ahead, or past what can be stored, and stores the rest", async () => {
    for (const as of ENCODINGS) {
      const service = uniqueName(`bounds-${as}`);
      const now = nowNs();
      const ending = (name: string, endNs: bigint) => ({ ...goodSpan(name, now), endTimeUnixNano: endNs.toString() });
      const body = request(service, [
        goodSpan("good", now),
        ending("near 2^63", 9_200_000_000_000_000_000n),
        ending("2^64-1", 2n ** 64n - 1n),
        ending("before its start", now - 1n),
        ending("two days ahead", now + 2n * 86_400_000_000_000n),
        ending("an hour long", now + 3_600_000_000_000n),
      ]);
      const answer = await send(url, key, body, as);
      expect(answer.status).toBe(200);
      expect(answer.rejected).toBe(4);
      expect(answer.message).toMatch(/spans\[1\]: endTimeUnixNano is more than a day in the future/);
      expect(answer.message).toMatch(/spans\[2\]: endTimeUnixNano is (more than a day in the future|past 2262)/);
      expect(answer.message).toMatch(/spans\[3\]: endTimeUnixNano is before startTimeUnixNano/);
      expect((await stored(service)).map((row) => [row.name, row.duration_ns])).toEqual([
        ["an hour long", "3600000000000"],
        ["good", "1000000"],
      ]);
    }
  });

  it("stores NUL in service.name, resource attributes and the scope as U+FFFD, in the spans and their resource alike", async () => {
    for (const as of ENCODINGS) {
      const service = uniqueName(`nul-${as}`);
      const body = request(`${service}\u0000x`, [goodSpan("a\u0000b"), goodSpan("good")], {
        resource: [str("deployment.environment.name", "pr\u0000od"), str("host.\u0000name", "h\u0000")],
        scope: { name: "lib\u0000", version: "1.\u0000" },
      });
      const answer = await send(url, key, body, as);
      expect(answer).toMatchObject({ status: 200, rejected: 0 });
      const rows = await stored(`${service}\uFFFDx`);
      expect(rows.map((row) => row.name)).toEqual(["a\uFFFDb", "good"]);
      expect(rows[0]).toMatchObject({
        environment: "pr\uFFFDod",
        resource_service: `${service}\uFFFDx`,
        scope_name: "lib\uFFFD",
        scope_version: "1.\uFFFD",
      });
      expect(JSON.parse(rows[0].resource)["host.\uFFFDname"]).toBe("h\uFFFD");
    }
  });

  it("stores a lone surrogate anywhere (attributes, events, links, resource, scope, names) as U+FFFD", async () => {
    const service = uniqueName("surrogate");
    const lone = "\ud800";
    const span = () => ({
      ...goodSpan(`name ${lone}`),
      traceState: `ot=${lone}`,
      status: { code: 2, message: `oops ${lone}` },
      attributes: [
        str("app.text", `a${lone}b`),
        str(`app.key${lone}`, "v"),
        { key: "app.list", value: { arrayValue: { values: [{ stringValue: "\udc00" }] } } },
      ],
      events: [{ timeUnixNano: String(nowNs()), name: `event ${lone}`, attributes: [str("e", lone)] }],
      links: [{ traceId: "ab".repeat(16), spanId: "cd".repeat(8), traceState: lone, attributes: [str("l", lone)] }],
    });
    for (const as of ENCODINGS) {
      // protobufjs writes a lone surrogate as bytes that are not UTF-8: invalid UTF-8 in protobuf.
      const body = request(service, [span(), goodSpan("good")], {
        resource: [str("host.name", lone)],
        scope: { name: lone, version: lone },
      });
      expect(await send(url, key, body, as)).toMatchObject({ status: 200, rejected: 0 });
    }
    const rows = await stored(service);
    // Invalid UTF-8 becomes one U+FFFD per byte that is not UTF-8.
    expect(rows.map((row) => row.name)).toEqual([
      "good",
      "good",
      expect.stringMatching(/^name \uFFFD+$/),
      expect.stringMatching(/^name \uFFFD+$/),
    ]);
    const bad = rows.filter((row) => row.name !== "good");
    for (const row of bad) {
      expect(row.attributes).toMatch(/a\uFFFD+b/);
      expect(row.events).toMatch(/event \uFFFD+/);
      expect(row.links).toMatch(/"\uFFFD+"/);
      expect(JSON.parse(row.resource)["host.name"]).toMatch(/^\uFFFD+$/);
    }
  });

  it("leaves http_status_code empty when the value does not fit the column, and stores the span", async () => {
    for (const as of ENCODINGS) {
      const service = uniqueName(`status-${as}`);
      const span = (name: string, value: Json) => ({
        ...goodSpan(name),
        attributes: [{ key: "http.response.status_code", value }],
      });
      const body = () =>
        request(service, [
          span("too big", { intValue: "99999999999" }),
          span("2^31", { intValue: String(2 ** 31) }),
          span("ok", { intValue: "503" }),
          span("as text", { stringValue: "99999999999" }),
        ]);
      // Twice: the second time the WebAssembly writer knows the key and takes the spans.
      for (let i = 0; i < 2; i++) expect(await send(url, key, body(), as)).toMatchObject({ status: 200, rejected: 0 });
      const rows = await stored(service);
      expect(rows.map((row) => [row.name, row.http_status_code])).toEqual([
        ["2^31", null],
        ["2^31", null],
        ["as text", null],
        ["as text", null],
        ["ok", 503],
        ["ok", 503],
        ["too big", null],
        ["too big", null],
      ]);
    }
  });

  it("cuts a service, environment, feature or span name too long for the rollups' keys", async () => {
    for (const as of ENCODINGS) {
      const service = uniqueName(`long-${as}`);
      const long = (n: number) =>
        Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join("");
      const span = { ...goodSpan(long(5000)), attributes: [str("vigil.feature", long(3000))] };
      const answer = await send(
        url,
        key,
        request(`${service}${long(3000)}`, [span, goodSpan("good")], {
          resource: [str("deployment.environment.name", long(3000))],
        }),
        as,
      );
      expect(answer).toMatchObject({ status: 200, rejected: 0 });
      const { rows } = await pool().query(
        `SELECT length(name) AS name, length(service) AS service, length(environment) AS environment, length(feature) AS feature FROM span WHERE service LIKE $1 ORDER BY 1 DESC`,
        [`${service}%`],
      );
      expect(rows).toEqual([
        { name: 512, service: 128, environment: 128, feature: 128 },
        { name: 4, service: 128, environment: 128, feature: null },
      ]);
    }
  });
});
