import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { ingestOtlpJson } from "@/test/span-factory";
import { getTrace } from "./get-trace";
import { searchTraces } from "./search-traces";

const viewer = roleCtx("viewer");

describe("attribute key dictionary", () => {
  it("stores keys by id, keeps keys it can not take literally, and reads both back as written", async () => {
    const service = uniqueName("dict");
    const common = uniqueName("app.order.channel");
    const tooLong = `app.${"x".repeat(300)}`;
    const attributes = {
      [common]: "mobile",
      "~starts.with.tilde": "t",
      [tooLong]: "long",
      "12": "digits",
      nested: { kvlistValue: [["a.b", [1, "2"]]] },
    };
    const traceId = [...crypto.getRandomValues(new Uint8Array(16))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const now = BigInt(Date.now()) * 1_000_000n;
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
          scopeSpans: [
            {
              scope: { name: "dict.test", version: "1.0" },
              spans: [
                {
                  traceId,
                  spanId: "00000000000000aa",
                  name: "checkout",
                  startTimeUnixNano: String(now),
                  endTimeUnixNano: String(now + 1_000_000n),
                  attributes: [
                    { key: common, value: { stringValue: "mobile" } },
                    { key: "~starts.with.tilde", value: { stringValue: "t" } },
                    { key: tooLong, value: { stringValue: "long" } },
                    { key: "12", value: { stringValue: "digits" } },
                    {
                      key: "nested",
                      value: {
                        kvlistValue: {
                          values: [
                            { key: "a.b", value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: "2" }] } } },
                          ],
                        },
                      },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    await ingestOtlpJson(systemCtx("test"), JSON.stringify(request));

    const { rows } = await pool().query(
      `SELECT s.attributes AS stored, span_attributes(s.attributes) AS readable, r.scope_name, r.scope_version
       FROM span s JOIN span_resource r ON r.fingerprint = s.resource_fp WHERE s.trace_id = decode($1, 'hex')`,
      [traceId],
    );
    const { rows: ids } = await pool().query<{ id: number; key: string }>(
      `SELECT id, key FROM span_attribute_key WHERE key = ANY($1)`,
      [[common, "~starts.with.tilde", "12", "nested"]],
    );
    const idOf = Object.fromEntries(ids.map((row) => [row.key, String(row.id)]));
    expect(rows[0].stored).toEqual({
      [idOf[common]]: "mobile",
      [idOf["~starts.with.tilde"]]: "t",
      [idOf["12"]]: "digits",
      [idOf.nested]: { kvlistValue: [["a.b", [1, "2"]]] },
      [`~${tooLong}`]: "long",
    });
    expect(rows[0].readable).toEqual(attributes);
    expect(rows[0]).toMatchObject({ scope_name: "dict.test", scope_version: "1.0" });

    expect((await getTrace(viewer, traceId)).spans[0].attributes).toEqual(
      [
        { key: common, value: { stringValue: "mobile" } },
        { key: "~starts.with.tilde", value: { stringValue: "t" } },
        { key: tooLong, value: { stringValue: "long" } },
        { key: "12", value: { stringValue: "digits" } },
        {
          key: "nested",
          value: {
            kvlistValue: {
              values: [{ key: "a.b", value: { arrayValue: { values: [{ intValue: "1" }, { stringValue: "2" }] } } }],
            },
          },
        },
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    const window = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      service,
    };
    for (const attr of [`${common}:mobile`, `${tooLong}:long`, "12:digits"]) {
      expect((await searchTraces(viewer, { ...window, attr })).items.map((item) => item.traceId)).toEqual([traceId]);
    }
    expect((await searchTraces(viewer, { ...window, attr: `${common}:web` })).items).toEqual([]);
  });
});

describe("text PostgreSQL can not hold", () => {
  it("stores a NUL in names, keys and values as U+FFFD instead of failing the batch", async () => {
    const service = uniqueName("nul");
    const traceId = [...crypto.getRandomValues(new Uint8Array(16))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const now = BigInt(Date.now()) * 1_000_000n;
    const span = {
      traceId,
      spanId: "00000000000000bb",
      name: "get\u0000 item",
      startTimeUnixNano: String(now),
      endTimeUnixNano: String(now + 1_000n),
      attributes: [
        { key: "note", value: { stringValue: "a\u0000b" } },
        { key: "odd\u0000key", value: { stringValue: "v" } },
      ],
      status: { code: 2, message: "bad\u0000" },
    };
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
          scopeSpans: [{ spans: [span] }],
        },
      ],
    };
    expect(await ingestOtlpJson(systemCtx("test"), JSON.stringify(request))).toEqual({
      stored: 1,
      duplicates: 0,
      rejected: 0,
      reasons: [],
    });
    const stored = (await getTrace(viewer, traceId)).spans[0];
    expect(stored.name).toBe("get\uFFFD item");
    expect(stored.status.message).toBe("bad\uFFFD");
    expect(stored.attributes).toEqual([
      { key: "note", value: { stringValue: "a\uFFFDb" } },
      { key: "odd\uFFFDkey", value: { stringValue: "v" } },
    ]);
  });
});
