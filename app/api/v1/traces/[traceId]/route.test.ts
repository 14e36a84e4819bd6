import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Receiver } from "@/collectors/otlp/receiver";
import { spanRows } from "@/collectors/otlp/span-rows";
import { ingestKey, type Json, listeningReceiver, send } from "@/collectors/otlp/test-requests";
import { bearerKey, callRoute } from "@/test/http-callers";

// A trace sent through the real OTLP receiver, as JSON and as protobuf, read back through
// GET /api/v1/traces/{id}: every field as sent. What the API does on purpose, and nothing else, is
// allowed for: ids in lowercase, attributes sorted by key (OTLP keys are unique), absent fields as
// their defaults (null or 0), and times shifted here by whole days into the retention window.

const FIXTURES = path.join(import.meta.dirname, "..", "..", "..", "..", "..", "collectors", "otlp", "fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
const NS_PER_DAY = 86_400_000_000_000n;

let receiver: Receiver;
let url: string;
let ingest: string;
let reader: string;

beforeAll(async () => {
  ({ receiver, url } = await listeningReceiver(8 * 1024 * 1024));
  ingest = await ingestKey(["ingest:traces"]);
  reader = await bearerKey(["read"]);
});

afterAll(() => receiver.close());

/** A fixture with fresh trace ids (uppercase, as some senders write them) and its times moved to yesterday. */
function prepared(text: string): { request: Json; traceIds: string[] } {
  const sent = JSON.parse(text) as Json;
  const spans = allSpans(sent);
  const traceIds = [...new Set(spans.map((span) => String(span.traceId)))];
  let fresh = text;
  for (const id of traceIds) fresh = fresh.replaceAll(id, randomBytes(16).toString("hex").toUpperCase());
  const request = JSON.parse(fresh) as Json;
  const first = BigInt(String(spans[0].startTimeUnixNano));
  const days = (BigInt(Date.now()) * 1_000_000n) / NS_PER_DAY - 1n - first / NS_PER_DAY;
  shiftTimes(request, days * NS_PER_DAY);
  return { request, traceIds: [...new Set(allSpans(request).map((span) => String(span.traceId)))] };
}

function shiftTimes(value: unknown, by: bigint): void {
  if (Array.isArray(value)) return value.forEach((item) => shiftTimes(item, by));
  if (!value || typeof value !== "object") return;
  const object = value as Json;
  for (const key of Object.keys(object)) {
    if (key.endsWith("UnixNano")) object[key] = String(BigInt(String(object[key])) + by);
    else shiftTimes(object[key], by);
  }
}

type Scoped = { scope?: Json; spans: Json[] };
type ResourceSpans = { resource?: { attributes?: Json[] }; scopeSpans: Scoped[] };
const resourceSpansOf = (request: Json) => request.resourceSpans as ResourceSpans[];
const allSpans = (request: Json) => resourceSpansOf(request).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));

/** RFC 3339 with nanoseconds, written here apart from the API's own formatter. */
const rfc3339 = (ns: string) =>
  `${new Date(Number(BigInt(ns) / 1_000_000n)).toISOString().slice(0, 19)}.${String(BigInt(ns) % 1_000_000_000n).padStart(9, "0")}Z`;

const sorted = (attributes: unknown) =>
  [...((attributes as Json[] | undefined) ?? [])].sort((a, b) => (String(a.key) < String(b.key) ? -1 : 1));

/** What the API must give back for each span sent, from the request alone. */
function expectedSpans(request: Json, traceId: string): Json[] {
  return resourceSpansOf(request).flatMap((rs) => {
    const resource = sorted(rs.resource?.attributes);
    const service = resource.find((kv) => kv.key === "service.name")?.value as { stringValue: string };
    return rs.scopeSpans.flatMap(({ scope, spans }) =>
      spans
        .filter((span) => span.traceId === traceId)
        .map((span) => {
          const start = String(span.startTimeUnixNano);
          const end = String(span.endTimeUnixNano);
          const status = (span.status ?? {}) as Json;
          return {
            spanId: String(span.spanId).toLowerCase(),
            parentSpanId: span.parentSpanId ? String(span.parentSpanId).toLowerCase() : null,
            traceState: span.traceState ?? null,
            flags: span.flags ?? 0,
            service: service.stringValue,
            name: span.name,
            kind: span.kind,
            startTimeUnixNano: start,
            endTimeUnixNano: end,
            startTime: rfc3339(start),
            endTime: rfc3339(end),
            durationNs: String(BigInt(end) - BigInt(start)),
            durationMs: Number(BigInt(end) - BigInt(start)) / 1e6,
            status: { code: status.code ?? 0, message: status.message ?? null },
            attributes: sorted(span.attributes),
            resource: { attributes: resource },
            scope: scope ? { name: scope.name ?? "", version: scope.version ?? null } : null,
            events: ((span.events ?? []) as Json[]).map((event) => ({
              timeUnixNano: String(event.timeUnixNano),
              time: rfc3339(String(event.timeUnixNano)),
              name: event.name ?? "",
              attributes: sorted(event.attributes),
            })),
            links: ((span.links ?? []) as Json[]).map((link) => ({
              traceId: String(link.traceId).toLowerCase(),
              spanId: String(link.spanId).toLowerCase(),
              traceState: link.traceState ?? null,
              flags: link.flags ?? 0,
              attributes: sorted(link.attributes),
            })),
          };
        }),
    );
  });
}

async function readBack(traceId: string): Promise<Json> {
  const response = await callRoute(
    { method: "GET", route: "/api/v1/traces/[traceId]" },
    { path: `/api/v1/traces/${traceId}`, headers: { authorization: reader } },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

async function expectRoundTrip(text: string, as: "json" | "protobuf"): Promise<void> {
  const { request, traceIds } = prepared(text);
  const answer = await send(url, ingest, request, as);
  expect(answer).toEqual({ status: 200, rejected: 0, message: "" });
  for (const traceId of traceIds) {
    const trace = await readBack(traceId);
    const bySpanId = (a: Json, b: Json) => (String(a.spanId) < String(b.spanId) ? -1 : 1);
    expect(trace.traceId).toBe(traceId.toLowerCase());
    expect(trace.truncated).toBe(false);
    expect([...(trace.spans as Json[])].sort(bySpanId)).toEqual(expectedSpans(request, traceId).sort(bySpanId));
  }
}

describe("GET /api/v1/traces/{id} gives back what the receiver was sent", () => {
  it.each(["json", "protobuf"] as const)(
    "every attribute type, links, events, trace state, flags, scope, resource and nanosecond times, sent as %s",
    async (as) => {
      await expectRoundTrip(fixture("every-type.json"), as);
    },
  );

  it.each(["json", "protobuf"] as const)("Jaeger's otel_traces_01.json, sent as %s", async (as) => {
    await expectRoundTrip(fixture("otel_traces_01.json"), as);
  });

  it("every type as protobuf again, warm: the WebAssembly writer takes the spans of the common shape", async () => {
    const rows = spanRows();
    expect(rows).not.toBeNull();
    // Key ids are registered after the first request and cached by the second.
    for (let i = 0; i < 2; i++) await expectRoundTrip(fixture("every-type.json"), "protobuf");
    const written = rows?.spansWritten ?? 0;
    await expectRoundTrip(fixture("every-type.json"), "protobuf");
    // The client span (a promoted attribute stored under its older name) and the internal one.
    expect((rows?.spansWritten ?? 0) - written).toBe(2);
  });

  it("starts spans in the order of their nanoseconds, and ends no earlier than they start", async () => {
    const { request, traceIds } = prepared(fixture("every-type.json"));
    await send(url, ingest, request, "json");
    const spans = (await readBack(traceIds[0])).spans as Json[];
    const starts = spans.map((span) => BigInt(String(span.startTimeUnixNano)));
    expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const span of spans) expect(String(span.endTime) >= String(span.startTime)).toBe(true);
    expect(spans.map((span) => String(span.startTime).slice(-13))).toEqual([
      "00.123456789Z",
      "00.500000001Z",
      "01.600000007Z",
    ]);
  });
});
