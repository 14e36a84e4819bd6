import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeJson, decodeProtobuf, normalise, UndecodableError } from "./decode";
import { RequestType } from "./proto";
import { syntheticRequest } from "./synthetic";
import { decodeProtobufCopy, type TimeWindow } from "./wire-copy";
import { COLUMNS, type CopyBatch, copyBatchOf, storedBatchOf } from "@/lib/traces/ingest-spans";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name));

/** Seeded pseudo-random mutations (the synthetic seed bodies carry random ids, so counts vary a little). */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function mutate(body: Uint8Array, next: () => number): Uint8Array {
  const out = Buffer.from(body);
  const kind = Math.floor(next() * 5);
  if (kind === 0) return out.subarray(0, Math.floor(next() * out.length)); // truncated
  const edits = 1 + Math.floor(next() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * out.length);
    if (kind === 1) out[at] = Math.floor(next() * 256); // random byte
    else if (kind === 2) out[at] ^= 1 << Math.floor(next() * 8); // bit flip
    else if (kind === 3) out[at] = [0x00, 0x7f, 0x80, 0xff][Math.floor(next() * 4)]; // varint edges
  }
  if (kind === 4) return Buffer.concat([out.subarray(0, Math.floor(next() * out.length)), Buffer.from([0x0a, 0xff, 0xff, 0x03]), out]); // bogus length
  return out;
}

function checkOutcome(decode: () => ReturnType<typeof decodeProtobuf>): "undecodable" | "partial" | "ok" {
  try {
    const decoded = decode();
    for (const span of decoded.spans) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.endNs >= span.startNs).toBe(true);
    }
    if (decoded.rejected > 0) {
      expect(decoded.reasons.length).toBeGreaterThan(0);
      return "partial";
    }
    return "ok";
  } catch (err) {
    if (err instanceof UndecodableError) return "undecodable";
    throw err;
  }
}

const EVERY_TIME: TimeWindow = { oldestNs: 0n, newestNs: 2n ** 63n };
const JSON_COLUMNS = new Set(["attributes", "events", "links"]);

/** COPY text rows as column objects, JSON columns parsed (key order and repeats do not matter in JSONB). */
function rowsOf(text: string | Buffer) {
  const lines = text.toString().split("\n").slice(0, -1);
  return lines.map((line) =>
    Object.fromEntries(
      line.split("\t").map((raw, i) => {
        const value = raw === "\\N" ? null : raw.replace(/\\(.)/g, (_, c: string) => ({ t: "\t", n: "\n", r: "\r" })[c] ?? c);
        return [COLUMNS[i], value !== null && JSON_COLUMNS.has(COLUMNS[i]) ? JSON.parse(value) : value];
      }),
    ),
  );
}

function comparable(batch: CopyBatch & { rejected: number; reasons: string[] }) {
  return {
    rows: rowsOf(batch.text),
    count: batch.count,
    days: [...batch.days].sort(),
    origins: [...batch.origins].sort(([a], [b]) => (a < b ? -1 : 1)),
    newKeys: [...batch.newKeys].sort(),
    rejected: batch.rejected,
    reasons: batch.reasons,
  };
}

/** decodeProtobufCopy's result the slow way: the generic reader, the normaliser, storedBatchOf, copyBatchOf. */
function reference(body: Uint8Array, window: TimeWindow) {
  const decoded = decodeProtobuf(body);
  const kept = decoded.spans.filter((span) => span.startNs >= window.oldestNs && span.startNs <= window.newestNs);
  return { ...copyBatchOf(storedBatchOf(kept)), rejected: decoded.rejected, reasons: decoded.reasons };
}

/** Both ways give the same rows, or both find the body undecodable. */
function expectSameAsReference(body: Uint8Array, window = EVERY_TIME): void {
  let expected: ReturnType<typeof reference> | "undecodable";
  try {
    expected = reference(body, window);
  } catch (err) {
    if (!(err instanceof UndecodableError)) throw err;
    expected = "undecodable";
  }
  if (expected === "undecodable") {
    expect(() => decodeProtobufCopy(body, window)).toThrow(UndecodableError);
    return;
  }
  const fast = decodeProtobufCopy(body, window);
  expect(comparable(fast)).toEqual(comparable(expected));
}

describe("the protobuf wire reader", () => {
  it("decodes exactly what protobufjs decodes", () => {
    const bodies = [fixture("trace.protobuf-bin"), ...Array.from({ length: 20 }, (_, i) => syntheticRequest(200, Date.UTC(2026, 10, 24), i))];
    for (const body of bodies) {
      const reference = normalise(RequestType.decode(body) as never, "protobuf");
      expect(decodeProtobuf(body)).toEqual(reference);
    }
  });

  it("writes protobuf straight into COPY rows exactly as the generic reader and normaliser do, for 25,000 mutated bodies too", () => {
    const seeds = [fixture("trace.protobuf-bin"), syntheticRequest(20, Date.UTC(2026, 10, 24), 1), syntheticRequest(5, Date.UTC(2026, 10, 24), 2)];
    for (const body of [...seeds, ...Array.from({ length: 10 }, (_, i) => syntheticRequest(300, Date.UTC(2026, 10, 24), i))]) expectSameAsReference(body);
    // Spans outside the time window are left out and counted, not stored.
    const at = BigInt(Date.UTC(2026, 10, 24)) * 1_000_000n;
    const narrow = { oldestNs: at + 20_000_000n, newestNs: at + 40_000_000n };
    const decoded = decodeProtobufCopy(syntheticRequest(300, Date.UTC(2026, 10, 24), 3), narrow);
    expect(decoded.count).toBeGreaterThan(0);
    expect(decoded.tooOld + decoded.tooNew).toBeGreaterThan(0);
    expectSameAsReference(syntheticRequest(300, Date.UTC(2026, 10, 24), 3), narrow);
    const next = random(20261125);
    for (let i = 0; i < 25_000; i++) expectSameAsReference(mutate(seeds[i % seeds.length], next));
  }, 120_000);

  it("survives 100,000 mutated protobuf and JSON bodies: no crash, no hang, each one undecodable or named", () => {
    const seeds = [fixture("trace.protobuf-bin"), syntheticRequest(20, Date.UTC(2026, 10, 24), 1), syntheticRequest(5, Date.UTC(2026, 10, 24), 2)];
    const jsonSeeds = [fixture("trace.json"), fixture("otel_traces_01.json"), fixture("hyperdx-basic-insert/input.json")];
    const next = random(20261124);
    const outcomes = { undecodable: 0, partial: 0, ok: 0 };
    const started = Date.now();
    for (let i = 0; i < 100_000; i++) {
      const json = i % 4 === 3;
      const seed = json ? jsonSeeds[i % jsonSeeds.length] : seeds[i % seeds.length];
      const body = mutate(seed, next);
      outcomes[checkOutcome(() => (json ? decodeJson(body) : decodeProtobuf(body)))] += 1;
    }
    console.log(`fuzz: 100000 bodies in ${Date.now() - started} ms: ${JSON.stringify(outcomes)}`);
    expect(outcomes.undecodable).toBeGreaterThan(10_000);
    expect(outcomes.partial + outcomes.ok).toBeGreaterThan(10_000);
  }, 120_000);
});
