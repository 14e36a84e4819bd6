import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/test/seeded-random";
import { decodeJson, decodeProtobuf, UndecodableError } from "./decode";
import { syntheticRequest } from "./synthetic";
import { mutate } from "./test-mutations";

// The decoders under damaged input: every body either decodes to well-formed spans (with the
// rejected ones named) or is undecodable; nothing crashes or hangs.

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name));

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

describe("the protobuf and JSON decoders under damage", () => {
  it("survives 100,000 mutated protobuf and JSON bodies: no crash, no hang, each one undecodable or named", () => {
    const seeds = [
      fixture("trace.protobuf-bin"),
      syntheticRequest(20, Date.UTC(2026, 10, 24), 1),
      syntheticRequest(5, Date.UTC(2026, 10, 24), 2),
    ];
    const jsonSeeds = [
      fixture("trace.json"),
      fixture("otel_traces_01.json"),
      fixture("hyperdx-basic-insert/input.json"),
    ];
    const next = seededRandom(20261124);
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
