import { describe, expect, it } from "vitest";
import { decodeProtobuf } from "./decode";
import { syntheticRequest } from "./synthetic";

describe("synthetic OTLP requests", () => {
  it("decode to valid spans with 10-20 attributes, servers with their clients", () => {
    const at = Date.UTC(2026, 10, 24, 12);
    const decoded = decodeProtobuf(syntheticRequest(500, at, 3));
    expect(decoded.rejected).toBe(0);
    expect(decoded.spans).toHaveLength(500);
    for (const span of decoded.spans) {
      const attributes =
        Object.keys(span.attributes).length +
        [span.httpRoute, span.httpStatusCode, span.dbSystem, span.peerService, span.feature].filter((v) => v !== null)
          .length;
      expect(attributes).toBeGreaterThanOrEqual(10);
      expect(attributes).toBeLessThanOrEqual(20);
      expect(Number(span.startNs / 1_000_000n)).toBeGreaterThanOrEqual(at);
    }
    expect(new Set(decoded.spans.map((span) => span.service)).size).toBeGreaterThan(3);
    const roots = decoded.spans.filter((span) => span.parentSpanId === null);
    expect(roots.every((root) => root.kind === 2)).toBe(true);
    expect(decoded.spans.filter((span) => span.kind === 3).length).toBeGreaterThan(roots.length);
  });
});
