import { decodeProtobufCopy } from "@/collectors/otlp/wire-copy";
import { syntheticRequest } from "@/collectors/otlp/synthetic";
import type { AttributeKeys } from "@/lib/traces/attribute-keys";
import type { BlockColumns, EncodedBlock } from "@/lib/traces/block/block-types";
import { encodeBlock } from "@/lib/traces/block/encode-block";
import { decodeBlock, openBlock } from "@/lib/traces/block/open-block";
import type { SpanRow } from "@/lib/traces/block/span-row";
import { SPAN_COLUMNS } from "@/lib/traces/span-batch";

// `node --import tsx scripts/block-bytes.ts [requests]`: the block codec on the bench's own spans
// (syntheticRequest(500) every 30 s, as bench:query writes them), one block per service and UTC
// hour: bytes per span per group, encode and decode speed, reading one trace, filtering a block.

const REQUESTS = Number(process.argv[2] ?? 200);
const WIDE = { oldestNs: 0n, newestNs: 2n ** 63n };

/** JSONB text as PostgreSQL prints it: keys by length then bytes, ": " and ", " separators. */
function pgJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pgJson).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${pgJson((v as Record<string, unknown>)[k])}`).join(", ")}}`;
  }
  return JSON.stringify(v);
}

const unescape = (f: string): string | null =>
  f === "\\N" ? null : f.replace(/\\(.)/g, (_m, c: string) => ({ t: "\t", n: "\n", r: "\r" })[c] ?? c);

function spanRow(line: string): SpanRow {
  const f: Record<string, string | null> = {};
  line.split("\t").forEach((v, i) => (f[SPAN_COLUMNS[i]] = unescape(v)));
  const t = f.start_time!;
  const us = BigInt(Date.parse(t.slice(0, 19) + "Z")) * 1000n + BigInt(t.slice(20, 26));
  const hex = (s: string | null) => (s === null ? null : Buffer.from(s.slice(2), "hex"));
  const num = (s: string | null) => (s === null ? null : Number(s));
  const json = (s: string | null) => (s === null ? null : pgJson(JSON.parse(s)));
  return {
    startUs: us,
    startExtraNs: num(f.start_extra_ns),
    traceId: hex(f.trace_id)!,
    spanId: hex(f.span_id)!,
    parentSpanId: hex(f.parent_span_id),
    service: f.service!,
    name: f.name!,
    kind: Number(f.kind),
    durationNs: BigInt(f.duration_ns!),
    statusCode: Number(f.status_code),
    statusMessage: f.status_message,
    traceState: f.trace_state,
    flags: Number(f.flags),
    environment: f.environment,
    resourceFp: BigInt.asIntN(64, BigInt(f.resource_fp!)),
    attributes: json(f.attributes)!,
    httpRoute: f.http_route,
    httpStatusCode: num(f.http_status_code),
    dbSystem: f.db_system,
    peerService: f.peer_service,
    feature: f.feature,
    scopeName: null,
    scopeVersion: null,
    events: json(f.events),
    links: json(f.links),
  };
}

function generate(): SpanRow[] {
  const keys: AttributeKeys = { ids: new Map(), names: new Map(), keys: new Map(), full: false };
  const rows: SpanRow[] = [];
  for (let b = 0; b < REQUESTS; b++) {
    const body = syntheticRequest(500, Date.UTC(2026, 11, 1) + b * 30_240, b);
    let decoded = decodeProtobufCopy(body, keys, WIDE);
    if (decoded.newKeys.size) {
      for (const key of [...decoded.newKeys].sort()) {
        const id = keys.ids.size + 1;
        keys.ids.set(key, id);
        keys.names.set(key, `"${id}"`);
        keys.keys.set(id, key);
      }
      decoded = decodeProtobufCopy(body, keys, WIDE);
    }
    for (const line of decoded.rows.toString().split("\n")) if (line) rows.push(spanRow(line));
  }
  return rows;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x: number) => x.toFixed(2);

function timeTrace(block: EncodedBlock, traceId: Buffer): number {
  const s = performance.now();
  const open = openBlock(block.columns);
  const rows = open.rowsOfTrace(traceId).map((i) => open.row(i));
  if (rows.length === 0) throw new Error("trace not found");
  return performance.now() - s;
}

function timeFilter(columns: BlockColumns): string {
  const s = performance.now();
  const open = openBlock(columns);
  let hits = 0;
  for (const field of ["startUs", "statusCode", "name", "service", "durationNs"] as const) {
    const f = performance.now();
    for (let i = 0; i < open.count; i++) if (open.get(field, i) !== null) hits++;
    if (field === "startUs") console.log(`  first field (startUs) ${ms(performance.now() - f)} ms`);
  }
  return `${ms(performance.now() - s)} ms for ${open.count} spans (${hits / 5} each)`;
}

/** The batch cut into blocks (service, UTC hour); the rows are dropped after, so timings see a small heap. */
function encodeAll(): { blocks: EncodedBlock[]; spans: number } {
  let t = performance.now();
  const rows = generate();
  console.log(`${rows.length} spans generated in ${ms((performance.now() - t) / 1000)} s`);
  const units = new Map<string, SpanRow[]>();
  for (const row of rows) {
    const key = `${row.service}|${row.startUs / 3_600_000_000n}`;
    const unit = units.get(key);
    if (unit) unit.push(row);
    else units.set(key, [row]);
  }
  t = performance.now();
  const blocks = [...units.values()].map((unit) => encodeBlock(unit));
  console.log(`encode: ${ms((performance.now() - t) / (rows.length / 1000))} ms per 1k spans`);
  return { blocks, spans: rows.length };
}

function main() {
  const { blocks, spans } = encodeAll();
  const groups = ["traceIds", "ids", "times", "core", "attrs", "extra"] as const;
  const bytes = Object.fromEntries(groups.map((g) => [g, blocks.reduce((s, b) => s + (b.columns[g]?.length ?? 0), 0)]));
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  const perSpan = (x: number) => (x / spans).toFixed(2);
  const sizes = blocks.map((b) => b.meta.spanCount);
  console.log(`${blocks.length} blocks, ${Math.min(...sizes)}-${Math.max(...sizes)} spans each`);
  console.log(
    `bytes/span: total ${perSpan(total)} (${groups.map((g) => `${g} ${perSpan(bytes[g])}`).join(", ")}); bloom ${perSpan(blocks.reduce((s, b) => s + b.meta.bloom.length, 0))}`,
  );
  for (let pass = 1; pass <= 3; pass++) {
    const t = performance.now();
    let decoded = 0;
    for (const b of blocks) decoded += decodeBlock(b.columns).length;
    console.log(`decodeBlock, pass ${pass}: ${ms((performance.now() - t) / (decoded / 1000))} ms per 1k spans`);
  }
  const big = blocks.reduce((a, b) => (b.meta.spanCount > a.meta.spanCount ? b : a));
  const ids = decodeBlock(big.columns).map((r) => Buffer.from(r.traceId));
  const times = Array.from({ length: 200 }, (_, k) => timeTrace(big, ids[(k * 7919) % ids.length])).slice(50);
  console.log(
    `one trace (openBlock + rowsOfTrace + row) in a ${big.meta.spanCount}-span block: median ${ms(median(times))} ms, max ${ms(Math.max(...times))} ms`,
  );
  for (let k = 0; k < 3; k++)
    console.log(`filter scan (get startUs, statusCode, name, service, durationNs): ${timeFilter(big.columns)}`);
}

main();
