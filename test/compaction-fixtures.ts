import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { RequestType } from "@/collectors/otlp/proto";
import { ingestKey, type Json, listeningReceiver, send } from "@/collectors/otlp/test-requests";
import { PROJECT_ROOT } from "@/runtime/paths";

// The OTLP fixtures the repository keeps (collectors/otlp/fixtures: OpenTelemetry's examples,
// Jaeger's, HyperDX's and Vigil's every-type request), sent to a real receiver with their times
// moved by whole days onto one day inside the retention: each JSON fixture as JSON, and again with
// fresh (uppercase) trace ids as protobuf; the protobuf fixture as it is.

const FIXTURES = path.join(PROJECT_ROOT, "collectors", "otlp", "fixtures");
const JSON_FIXTURES = ["every-type.json", "otel_traces_01.json", "trace.json", "hyperdx-basic-insert/input.json"];
const NS_PER_DAY = 86_400_000_000_000n;

function nanoTimes(value: unknown, out: bigint[] = []): bigint[] {
  if (Array.isArray(value)) value.forEach((item) => nanoTimes(item, out));
  else if (value && typeof value === "object")
    for (const [key, item] of Object.entries(value)) {
      if (key === "startTimeUnixNano" && item !== undefined && item !== null) out.push(BigInt(String(item)));
      else nanoTimes(item, out);
    }
  return out;
}

function shiftTimes(value: unknown, by: bigint): void {
  if (Array.isArray(value)) return value.forEach((item) => shiftTimes(item, by));
  if (!value || typeof value !== "object") return;
  const object = value as Json;
  for (const key of Object.keys(object)) {
    if (key.endsWith("UnixNano") && object[key] !== undefined && object[key] !== null)
      object[key] = String(BigInt(String(object[key])) + by);
    else shiftTimes(object[key], by);
  }
}

/** The request with its earliest span moved onto `dayStartMs`'s day (same time of day). */
function onDay(request: Json, dayStartMs: number): Json {
  const starts = nanoTimes(request);
  const first = starts.reduce((a, b) => (b < a ? b : a), starts[0] ?? 0n);
  shiftTimes(
    request,
    ((BigInt(dayStartMs) * 1_000_000n) / NS_PER_DAY) * NS_PER_DAY - (first / NS_PER_DAY) * NS_PER_DAY,
  );
  return request;
}

function freshTraceIds(text: string): string {
  const ids = new Set([...text.matchAll(/"traceId"\s*:\s*"([0-9a-fA-F]{32})"/g)].map((m) => m[1]));
  let fresh = text;
  for (const id of ids) fresh = fresh.replaceAll(id, randomBytes(16).toString("hex").toUpperCase());
  return fresh;
}

/** Sends every fixture onto the day starting at `dayStartMs`; returns the window they fall in. */
export async function sendFixtures(dayStartMs: number): Promise<{ from: Date; to: Date }> {
  const { receiver, url } = await listeningReceiver(8 * 1024 * 1024);
  try {
    const key = await ingestKey(["ingest:traces"]);
    for (const name of JSON_FIXTURES) {
      const text = fs.readFileSync(path.join(FIXTURES, name), "utf8");
      const asJson = await send(url, key, onDay(JSON.parse(text) as Json, dayStartMs), "json");
      const asProtobuf = await send(url, key, onDay(JSON.parse(freshTraceIds(text)) as Json, dayStartMs), "protobuf");
      for (const answer of [asJson, asProtobuf])
        if (answer.status !== 200) throw new Error(`${name}: receiver answered ${answer.status} ${answer.message}`);
    }
    const decoded = RequestType.toObject(
      RequestType.decode(fs.readFileSync(path.join(FIXTURES, "trace.protobuf-bin"))),
      {
        longs: String,
      },
    ) as Json;
    const body = Buffer.from(RequestType.encode(RequestType.fromObject(onDay(decoded, dayStartMs))).finish());
    const answer = await send(url, key, body, "protobuf");
    if (answer.status !== 200) throw new Error(`trace.protobuf-bin: receiver answered ${answer.status}`);
  } finally {
    await receiver.close();
  }
  return { from: new Date(dayStartMs), to: new Date(dayStartMs + 86_400_000) };
}
