// Span rows for tests of the block codec and its readers: one plain row to override, and seeded
// batches of traces with realistic attributes, events and links (no randomness without a seed).

import { rng } from "@/lib/demo/demo-random";
import type { SpanRow } from "@/lib/traces/block/span-row";

export function sampleRow(overrides: Partial<SpanRow> = {}): SpanRow {
  return {
    startUs: 1_796_000_000_000_000n,
    startExtraNs: null,
    traceId: Buffer.alloc(16, 1),
    spanId: Buffer.alloc(8, 2),
    parentSpanId: null,
    service: "checkout",
    name: "GET /cart",
    kind: 2,
    durationNs: 1_500_000n,
    statusCode: 0,
    statusMessage: null,
    traceState: null,
    flags: 1,
    environment: "prod",
    resourceFp: 42n,
    attributes: '{"7": "GET", "9": 200}',
    httpRoute: "/cart",
    httpStatusCode: 200,
    dbSystem: null,
    peerService: null,
    feature: null,
    scopeName: null,
    scopeVersion: null,
    events: null,
    links: null,
    ...overrides,
  };
}

function bytes(random: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(random() * 256);
  return b;
}

const ROUTES = ["/v1/payments", "/v1/payments/{id}", "/v1/accounts/{id}", "/healthz"];

function attributesOf(random: () => number, trace: number, child: number): string {
  const route = ROUTES[trace % ROUTES.length];
  if (child === 0)
    return `{"3": "POST", "4": ${200 + (trace % 7 === 0 ? 300 : 0)}, "12": "${route}", "~tenant.id": "tenant-${trace % 40}", "~http.request.body.size": ${512 + Math.floor(random() * 2048)}}`;
  return `{"5": "postgresql", "8": 12, "~db.query.text": "SELECT id FROM payments WHERE account_id = $${child}", "~thread.id": ${40 + child}}`;
}

/** `n` spans of traces of 1-8 spans each, roots first, starting around `startUs`, in shuffled order. */
export function sampleBatch(n: number, seed = 1, startUs = 1_796_000_000_000_000n): SpanRow[] {
  const random = rng(seed);
  const rows: SpanRow[] = [];
  for (let trace = 0; rows.length < n; trace++) {
    const traceId = bytes(random, 16);
    const rootId = bytes(random, 8);
    const start = startUs + BigInt(Math.floor(random() * 3_600_000_000));
    const size = Math.min(n - rows.length, 1 + (trace % 8));
    for (let c = 0; c < size; c++) {
      const failed = c === 0 && trace % 50 === 0;
      rows.push(
        sampleRow({
          traceId,
          spanId: c === 0 ? rootId : bytes(random, 8),
          parentSpanId: c === 0 ? (trace % 9 === 0 ? bytes(random, 8) : null) : rootId,
          startUs: start + BigInt(c * 1000),
          startExtraNs: trace % 3 === 0 ? null : (trace * 7 + c) % 1000,
          name: c === 0 ? `POST ${ROUTES[trace % ROUTES.length]}` : "SELECT payments",
          kind: c === 0 ? 2 : 3,
          durationNs: BigInt(Math.floor(random() * 400_000_000)),
          statusCode: failed ? 2 : 0,
          statusMessage: failed ? "upstream timeout" : null,
          resourceFp: BigInt(1000 + (trace % 3)),
          attributes: attributesOf(random, trace, c),
          httpRoute: c === 0 ? ROUTES[trace % ROUTES.length] : null,
          httpStatusCode: c === 0 ? (trace % 7 === 0 ? 500 : 200) : null,
          dbSystem: c === 0 ? null : "postgresql",
          events: trace % 10 === 0 ? `[{"name": "retry", "time_unix_nano": ${trace}}]` : null,
          links: trace % 25 === 0 ? `[{"span_id": "${rootId.toString("hex")}"}]` : null,
        }),
      );
    }
  }
  // Shuffle (Fisher-Yates), so traces arrive interleaved as compaction may read them.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}
