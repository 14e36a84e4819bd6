import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { getTrace, traceJson } from "@/lib/traces/get-trace";
import { rollupSpans } from "@/lib/traces/rollup-spans";
import { roleCtx } from "@/test/factories";
import { usePrivateDatabase } from "@/test/private-database";
import { asJson, asProtobuf, cleanResource, goodSpan, rawTail, type Scoped } from "./adversarial-requests";
import { FIELDS, hexOf } from "./adversarial-values";
import type { Receiver } from "./receiver";
import { ingestKey, type Json, listeningReceiver, nowNs, send } from "./test-requests";

// A seeded fuzz of every field of a span, its resource and its scope with adversarial values
// (largest, smallest, empty, malformed, NUL, lone surrogates, invalid UTF-8, overflowing
// varints, wrong types), over JSON and protobuf, each in a request with good spans beside it.
// Whatever the value, the answer is not a 5xx, the good spans are stored, and the rollups still
// run over all of it. A database of this file's own, so the rollup sees only these spans.

let receiver: Receiver;
let url: string;
let key: string;

beforeAll(async () => {
  await usePrivateDatabase("otlp_fuzz");
  ({ receiver, url } = await listeningReceiver(8 * 1024 * 1024));
  key = await ingestKey(["ingest:traces"]);
}, 60_000);

afterAll(() => receiver.close());

async function storedCount(spanIds: string[]): Promise<number> {
  const { rows } = await pool().query(`SELECT count(*)::int AS n FROM span WHERE span_id = ANY($1::bytea[])`, [
    spanIds.map((id) => `\\x${id}`),
  ]);
  return rows[0].n;
}

const CASES = 240;

describe("adversarial values in every field, over JSON and protobuf", () => {
  it(`answers ${CASES} requests of each encoding with no 5xx, stores every good span beside the bad values, and the rollups still run`, async () => {
    const started = Date.now();
    const statuses = new Map<string, number>();
    let protobufCases = 0;
    let rawCases = 0;
    for (let i = 0; i < CASES; i++) {
      const field = FIELDS[i % FIELDS.length];
      const now = nowNs();
      const bad = goodSpan(`bad ${field.target}.${field.name}`, now);
      const group: Scoped = {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "fuzz-bad" } }] },
        scope: { name: "fuzz", version: "1" },
        spans: [bad],
      };
      field.set(field.target === "span" ? bad : group[field.target], now);
      const beside = goodSpan("good beside", now);
      group.spans.push(beside);
      const before = goodSpan("good before", now);
      const after = goodSpan("good after", now);
      const groups: Scoped[] = [
        { resource: cleanResource(), scope: { name: "fuzz" }, spans: [before] },
        group,
        { resource: cleanResource(), scope: { name: "fuzz" }, spans: [after] },
      ];
      const label = `case ${i}: ${field.target}.${field.name} = ${JSON.stringify(field.target === "span" ? bad[field.name] : group[field.target]).slice(0, 200)}`;
      const bodies: [string, "json" | "protobuf", Json | Buffer][] = [[`${label} (json)`, "json", asJson(groups)]];
      try {
        // Fresh ids for the protobuf request: the same spans would only be duplicates.
        const again = structuredClone(groups);
        for (const span of [again[0].spans[0], again[1].spans[1], again[2].spans[0]]) span.spanId = hexOf(8);
        bodies.push([`${label} (protobuf)`, "protobuf", asProtobuf(again, 0)]);
        protobufCases += 1;
      } catch {
        // A wrong type protobufjs refuses to encode (a string where a list goes): JSON only.
      }
      // Protobuf can say what JSON can not: invalid UTF-8, varints beyond their field's range.
      const raw = structuredClone(groups);
      for (const span of [raw[0].spans[0], raw[1].spans[0], raw[1].spans[1], raw[2].spans[0]]) span.spanId = hexOf(8);
      raw[1].spans[0] = goodSpan(`raw ${field.target}`, now);
      raw[1].resource = { attributes: [{ key: "service.name", value: { stringValue: "fuzz-bad" } }] };
      raw[1].scope = { name: "fuzz" };
      raw[1].tails = { [field.target]: rawTail(field.target) };
      bodies.push([
        `case ${i}: raw ${field.target} tail ${raw[1].tails[field.target]?.toString("hex").slice(0, 80)} (protobuf)`,
        "protobuf",
        asProtobuf(raw, 0),
      ]);
      rawCases += 1;
      for (const [name, as, body] of bodies) {
        const answer = await send(url, key, body, as);
        statuses.set(`${as} ${answer.status}`, (statuses.get(`${as} ${answer.status}`) ?? 0) + 1);
        expect(answer.status, `${name}: ${answer.message.slice(0, 300)}`).toBeLessThan(500);
        expect(answer.status, `${name}: ${answer.message.slice(0, 300)}`).toBe(200);
        const groupsSent = body === bodies[0][2] ? groups : as === "protobuf" && name.includes(" raw ") ? raw : null;
        const good = (groupsSent ?? [])
          .flatMap((g) => g.spans)
          .filter((span) => String(span.name).startsWith("good"))
          .map((span) => String(span.spanId));
        if (groupsSent) expect(await storedCount(good), `${name}: good spans stored`).toBe(good.length);
      }
    }
    console.log(
      `adversarial: ${CASES} cases, ${protobufCases} also as protobuf, ${rawCases} raw protobuf, in ${Date.now() - started} ms: ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(protobufCases).toBeGreaterThan(CASES / 2);
    const ctx = systemCtx("test");
    await rollupSpans(ctx);
    // Every span stored, whatever its time: each goes through the rollup's sums.
    const { rows } = await pool().query(`SELECT min(start_time) AS "from", max(start_time) AS "to" FROM span`);
    await rollupSpans(ctx, { from: rows[0].from, to: rows[0].to });
    // Whatever was stored reads back through the API's shape, with times that add up.
    const { rows: traces } = await pool().query(`SELECT DISTINCT encode(trace_id, 'hex') AS id FROM span`);
    for (const { id } of traces) {
      const trace = await getTrace(roleCtx("viewer"), id);
      for (const span of trace.spans) {
        expect(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)).toBe(BigInt(span.durationNs));
        expect(span.startTime <= span.endTime, `${id}: ${span.startTime} ${span.endTime}`).toBe(true);
        expect(() => traceJson(trace)).not.toThrow();
      }
    }
    expect(traces.length).toBeGreaterThan(CASES);
  }, 120_000);
});
