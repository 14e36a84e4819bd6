import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { decodeProtobufCopy } from "@/collectors/otlp/wire-copy";
import { syntheticRequest } from "@/collectors/otlp/synthetic";
import { type Ctx, systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { attributeKeys, registerAttributeKeys } from "@/lib/traces/attribute-keys";
import { getTrace } from "@/lib/traces/get-trace";
import { ensureSpanPartitions } from "@/lib/traces/partitions";
import { rollupSpans } from "@/lib/traces/rollup-spans";
import { searchTraces } from "@/lib/traces/search-traces";
import { getServiceDetail } from "@/lib/traces/service-detail";
import { listServiceRed } from "@/lib/traces/service-red";
import { SPAN_COLUMNS } from "@/lib/traces/span-batch";
import { runWithThrowawayDatabase } from "./throwaway-database";
import { timedP95 } from "./bench-timing";

// `npm run bench:query [millions]`: loads synthetic spans over 7 days with COPY (the same rows the
// receiver writes), rolls them up, then times the four reads the SRE views make (p95 of 20 runs).

const total = Math.round(Number(process.argv[2] ?? 10) * 1_000_000);
const DAYS = 7;
const BATCH = 500;
const runs = 20;
const WIDE_WINDOW = { oldestNs: 0n, newestNs: 2n ** 63n };

const timed = (label: string, work: () => Promise<unknown>) => timedP95(label, work, runs, 34);

const COPY_SQL = `COPY span (${SPAN_COLUMNS.join(", ")}) FROM STDIN`;

/** A synthetic request as the receiver writes it: keys first seen get their ids, then it is written again. */
async function rowsOf(ctx: Ctx, body: Uint8Array): Promise<string | Buffer> {
  const keys = attributeKeys();
  const decoded = decodeProtobufCopy(body, keys, WIDE_WINDOW);
  if (decoded.newKeys.size === 0) return decoded.rows;
  await registerAttributeKeys(ctx, decoded.newKeys);
  return decodeProtobufCopy(body, keys, WIDE_WINDOW).rows;
}

/** `total` spans over DAYS days from `start`, COPYed by two connections. */
async function load(ctx: Ctx, start: number): Promise<void> {
  console.log(`loading ${total.toLocaleString("en-US")} spans over ${DAYS} days with COPY...`);
  const loadStarted = performance.now();
  const batches = Math.ceil(total / BATCH);
  let next = 0;
  let loaded = 0;
  const loadOn = async (client: pg.PoolClient) => {
    while (next < batches) {
      const chunk: (string | Buffer)[] = [];
      for (let i = 0; i < 20 && next < batches; i++) {
        const b = next++;
        const at = start + Math.floor((b / batches) * DAYS * 86_400_000);
        chunk.push(await rowsOf(ctx, syntheticRequest(BATCH, at, b)));
      }
      await pipeline(Readable.from(chunk), client.query(copyFrom(COPY_SQL)));
      loaded += chunk.length * BATCH;
      if (loaded % 1_000_000 < chunk.length * BATCH)
        console.log(
          `  ${loaded.toLocaleString("en-US")} spans, ${Math.round(loaded / ((performance.now() - loadStarted) / 1000))} spans/s`,
        );
    }
  };
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      const client = await pool().connect();
      try {
        await loadOn(client);
      } finally {
        client.release();
      }
    }),
  );
  console.log(`loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);
  await pool().query("ANALYZE span");
}

async function rollUp(ctx: Ctx, start: number): Promise<void> {
  const rollupStarted = performance.now();
  for (let day = 0; day < DAYS; day++) {
    await rollupSpans(ctx, { from: new Date(start + day * 86_400_000), to: new Date(start + (day + 1) * 86_400_000) });
  }
  await pool().query("ANALYZE span_minute; ANALYZE service_edge_minute");
  console.log(`rolled up ${DAYS} days in ${((performance.now() - rollupStarted) / 1000).toFixed(0)} s`);
}

/** The four reads the SRE views make, timed. */
async function timeReads(ctx: Ctx, start: number, now: number) {
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
  return { services, red, trace, search };
}

runWithThrowawayDatabase("bench-query", async () => {
  const ctx = systemCtx("bench");
  const now = Date.now();
  const start = now - DAYS * 86_400_000;
  const days = Array.from({ length: DAYS + 2 }, (_, i) =>
    new Date(start + (i - 1) * 86_400_000).toISOString().slice(0, 10),
  );
  await ensureSpanPartitions(pool(), days);
  await load(ctx, start);
  await rollUp(ctx, start);
  const { services, red, trace, search } = await timeReads(ctx, start, now);
  const { rows: size } = await pool().query<{ n: string }>("SELECT count(*)::text AS n FROM span");
  console.log(`${Number(size[0].n).toLocaleString("en-US")} spans stored`);
  console.log(
    `query: services ${services.toFixed(0)} ms, red ${red.toFixed(0)} ms, trace ${trace.toFixed(0)} ms, search ${search.toFixed(0)} ms`,
  );
});
