import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { decodeProtobuf } from "@/collectors/otlp/decode";
import { decodeProtobufCopy } from "@/collectors/otlp/wire-copy";
import { syntheticRequest } from "@/collectors/otlp/synthetic";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { getTrace } from "@/lib/traces/get-trace";
import { COPY_SPANS_SQL, copyText } from "@/lib/traces/ingest-spans";
import { ensureSpanPartitions } from "@/lib/traces/partitions";
import { rollupSpans } from "@/lib/traces/rollup-spans";
import { searchTraces } from "@/lib/traces/search-traces";
import { getServiceDetail } from "@/lib/traces/service-detail";
import { listServiceRed } from "@/lib/traces/service-red";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:query [millions]`: loads synthetic spans over 7 days with COPY (the same rows the
// receiver writes), rolls them up, then times the four reads the SRE views make (p95 of 20 runs).

const total = Math.round(Number(process.argv[2] ?? 10) * 1_000_000);
const DAYS = 7;
const BATCH = 500;
const runs = 20;
const WIDE_WINDOW = { oldestNs: 0n, newestNs: 2n ** 63n };

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

async function timed(label: string, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  const value = p95(times);
  console.log(
    `${label.padEnd(34)} p95 ${value.toFixed(1)} ms (median ${[...times].sort((a, b) => a - b)[runs / 2].toFixed(1)} ms)`,
  );
  return value;
}

runWithThrowawayDatabase("bench-query", async () => {
  const ctx = systemCtx("bench");
  const now = Date.now();
  const start = now - DAYS * 86_400_000;
  const days = Array.from({ length: DAYS + 2 }, (_, i) =>
    new Date(start + (i - 1) * 86_400_000).toISOString().slice(0, 10),
  );
  await ensureSpanPartitions(pool(), days);

  console.log(`loading ${total.toLocaleString("en-US")} spans over ${DAYS} days with COPY...`);
  const loadStarted = performance.now();
  const batches = Math.ceil(total / BATCH);
  let next = 0;
  let loaded = 0;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      const client = await pool().connect();
      try {
        while (next < batches) {
          const chunk: (string | Buffer)[] = [];
          for (let i = 0; i < 20 && next < batches; i++) {
            const b = next++;
            const at = start + Math.floor((b / batches) * DAYS * 86_400_000);
            const body = syntheticRequest(BATCH, at, b);
            // The receiver's own protobuf-to-COPY path; the generic one registers the attribute
            // keys for the first batch (and any batch naming a key the dictionary lacks).
            const decoded = b === 0 ? null : decodeProtobufCopy(body, WIDE_WINDOW);
            chunk.push(
              decoded && decoded.newKeys.size === 0 ? decoded.text : await copyText(decodeProtobuf(body).spans),
            );
          }
          await pipeline(Readable.from(chunk), client.query(copyFrom(COPY_SPANS_SQL("span"))));
          loaded += chunk.length * BATCH;
          if (loaded % 1_000_000 < chunk.length * BATCH)
            console.log(
              `  ${loaded.toLocaleString("en-US")} spans, ${Math.round(loaded / ((performance.now() - loadStarted) / 1000))} spans/s`,
            );
        }
      } finally {
        client.release();
      }
    }),
  );
  console.log(`loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);
  await pool().query("ANALYZE span");

  const rollupStarted = performance.now();
  for (let day = 0; day < DAYS; day++) {
    await rollupSpans(ctx, { from: new Date(start + day * 86_400_000), to: new Date(start + (day + 1) * 86_400_000) });
  }
  await pool().query("ANALYZE span_minute; ANALYZE service_edge_minute");
  console.log(`rolled up ${DAYS} days in ${((performance.now() - rollupStarted) / 1000).toFixed(0)} s`);

  const { rows: sample } = await pool().query<{ id: string }>(
    `SELECT encode(trace_id, 'hex') AS id FROM span TABLESAMPLE SYSTEM (0.1) LIMIT ${runs + 1}`,
  );
  let pick = 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  const services = await timed("services list, 24 h", () =>
    listServiceRed(ctx, { from: iso(now - 86_400_000), to: iso(now) }),
  );
  const red = await timed("one service's RED, 7 days", () =>
    getServiceDetail(ctx, "payments-api", { from: iso(start), to: iso(now), points: 168 }),
  );
  const trace = await timed("trace by id", () => getTrace(ctx, sample[pick++ % sample.length].id));
  const search = await timed("trace search (service, error, 1 h)", () =>
    searchTraces(ctx, {
      service: "ledger",
      status: "error",
      from: iso(now - 3_600_000 - 86_400_000),
      to: iso(now - 86_400_000),
    }),
  );
  const { rows: size } = await pool().query<{ n: string }>("SELECT count(*)::text AS n FROM span");
  console.log(`${Number(size[0].n).toLocaleString("en-US")} spans stored`);
  console.log(
    `query: services ${services.toFixed(0)} ms, red ${red.toFixed(0)} ms, trace ${trace.toFixed(0)} ms, search ${search.toFixed(0)} ms`,
  );
});
