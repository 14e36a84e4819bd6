import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { decodeProtobufCopy } from "@/collectors/otlp/wire-copy";
import { syntheticRequest } from "@/collectors/otlp/synthetic";
import type { Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { attributeKeys, registerAttributeKeys } from "@/lib/traces/attribute-keys";
import { rollupSpans } from "@/lib/traces/rollup-spans";
import { SPAN_COLUMNS } from "@/lib/traces/span-batch";

// bench:query's data: synthetic spans over DAYS days, COPYed as the receiver writes them, then rolled up.

export const DAYS = 7;
const BATCH = 500;
const WIDE_WINDOW = { oldestNs: 0n, newestNs: 2n ** 63n };
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
export async function loadSpans(ctx: Ctx, start: number, total: number): Promise<void> {
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

export async function rollUp(ctx: Ctx, start: number): Promise<void> {
  const rollupStarted = performance.now();
  for (let day = 0; day < DAYS; day++) {
    await rollupSpans(ctx, { from: new Date(start + day * 86_400_000), to: new Date(start + (day + 1) * 86_400_000) });
  }
  await pool().query("ANALYZE span_minute; ANALYZE service_edge_minute");
  console.log(`rolled up ${DAYS} days in ${((performance.now() - rollupStarted) / 1000).toFixed(0)} s`);
}
