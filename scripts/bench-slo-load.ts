import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { pool } from "@/lib/db";
import { buildDays } from "@/lib/traces/rollup-minutes";
import { HOURLY_SQL } from "@/lib/traces/rollup-sql";

// bench:slo's rollups: 200 services with 5 entry operations each, traffic every minute. The last 3
// days (and the hour each side of the 28-day window's start) are per-minute rows, summed into
// hours by the rollup's own hourly SQL; the older hours are hourly rows, as the rollup leaves them.

/** 200 services, or BENCH_SLO_SERVICES for a quicker look. */
export const SERVICES = Number(process.env.BENCH_SLO_SERVICES ?? 200);
const OPERATIONS = ["GET /accounts", "POST /payments", "GET /payments/{id}", "POST /refunds", "GET /health"];
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const serviceName = (s: number) => `svc-${String(s).padStart(3, "0")}`;

/** Requests, errors, 5xx and a latency histogram (bucket numbers, counts) of one row. */
function row(s: number, o: number, minutes: number, at: number) {
  const requests = (20 + ((s * 7 + o * 13) % 60)) * minutes;
  const noisy = (at / MIN + s * 31 + o) % 97 === 0 ? 10 : 0;
  const errors = Math.floor(requests / 800) + noisy;
  const buckets = [36, 40, 44, 48, 56];
  const shares = [0.2, 0.4, 0.25, 0.1, 0.05];
  const counts = shares.map((share) => Math.floor(requests * share));
  counts[0] += requests - counts.reduce((a, b) => a + b, 0);
  return `${requests}\t${errors}\t${Math.floor(errors / 2)}\t{${buckets.join(",")}}\t{${counts.join(",")}}\n`;
}

async function copy(table: "span_minute" | "span_hour", lines: Iterable<string>): Promise<void> {
  const time = table === "span_minute" ? "minute" : "hour";
  const client = await pool().connect();
  try {
    const sql = `COPY ${table} (${time}, service, operation, environment, requests, errors, server_errors, buckets, counts) FROM STDIN`;
    await pipeline(Readable.from(lines), client.query(copyFrom(sql)));
  } finally {
    client.release();
  }
}

function* rows(table: "minute" | "hour", ranges: [number, number][]) {
  const step = table === "minute" ? MIN : HOUR;
  for (const [from, to] of ranges)
    for (let at = from; at < to; at += step) {
      const iso = new Date(at).toISOString();
      let chunk = "";
      for (let s = 0; s < SERVICES; s++)
        for (let o = 0; o < OPERATIONS.length; o++)
          chunk += `${iso}\t${serviceName(s)}\t${OPERATIONS[o]}\tprod\t${row(s, o, step / MIN, at)}`;
      yield chunk;
    }
}

/** Loads the rollups for the 28 days before `until` (an hour boundary); returns the row counts. */
export async function loadRollups(until: number): Promise<{ minutes: number; hours: number }> {
  const start = until - 28 * DAY;
  const recent = until - 3 * DAY;
  const minuteRanges: [number, number][] = [
    [start - HOUR, start + HOUR],
    [recent, until],
  ];
  await copy("span_minute", rows("minute", minuteRanges));
  for (const [from, to] of minuteRanges) await pool().query(HOURLY_SQL[2], [new Date(from), new Date(to)]);
  await copy(
    "span_hour",
    rows("hour", [
      [start - 2 * HOUR, start - HOUR],
      [start + HOUR, recent],
    ]),
  );
  await buildDays(pool(), [{ from: start - 2 * HOUR, to: until }]);
  for (const table of ["span_minute", "span_hour", "span_day"]) await pool().query(`VACUUM ANALYZE ${table}`);
  const count = async (table: string) =>
    Number((await pool().query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0].n);
  return { minutes: await count("span_minute"), hours: await count("span_hour") };
}

export { OPERATIONS };
