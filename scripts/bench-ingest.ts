import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { decodeProtobuf } from "@/collectors/otlp/decode";
import { syntheticRequest } from "@/collectors/otlp/synthetic";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { fromRoot, PROJECT_ROOT } from "@/runtime/paths";
import { firstFreePort } from "@/runtime/ports";
import { COPY_SPANS_SQL, copyText } from "@/lib/traces/ingest-spans";
import { ensureSpanPartitions } from "@/lib/traces/partitions";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:ingest [seconds] [clients] [spansPerRequest]`: OTLP protobuf batches from
// concurrent clients into the real receiver process, then a plain COPY of the same rows into
// the same table for comparison. Prints figures and one summary line.

const seconds = Number(process.argv[2] ?? 20);
// As many clients as the receiver takes requests at once (VIGIL_OTLP_MAX_IN_FLIGHT, 16): with
// fewer, each waits on its own round trips and the figure measures their latency, not capacity.
const clients = Number(process.argv[3] ?? 16);
const spansPerRequest = Number(process.argv[4] ?? 500);
// Prepared bodies, sent in turn. Every request must carry spans of its own (a repeated one would be
// skipped as a re-send), so each time round a body's trace ids change (see requestBodies).
const distinctBodies = Math.min(2400, Math.ceil((seconds * 60_000) / spansPerRequest));
// The plain COPY runs for a few seconds too (about 300,000 spans), so its figure is not noise.
const COPY_BATCHES = Math.ceil(300_000 / spansPerRequest);
const ROUNDS = 4;
// Eight COPYs at once keep both cores on PostgreSQL; more only wait for each other.
const COPY_CONNECTIONS = 8;

interface Patched {
  buffer: Buffer;
  /** Where the first byte of each trace id is, and its value there. */
  offsets: Int32Array;
  originals: Uint8Array;
}

/**
 * Hands out prepared buffers in turn: take(n) gives buffer n modulo their count. Each time round,
 * the first byte of every trace id is XORed with the round number (by `write`), so no span repeats
 * one already stored; span ids are random, so spans of different buffers never clash. A buffer is
 * taken again only after every other one, long after it was last sent.
 */
function inTurn(prepared: Patched[], write: (buffer: Buffer, at: number, value: number) => void) {
  return (n: number): Buffer => {
    const { buffer, offsets, originals } = prepared[n % prepared.length];
    const round = Math.floor(n / prepared.length);
    if (round > 255) throw new Error("ran out of distinct spans");
    for (let i = 0; i < offsets.length; i++) write(buffer, offsets[i], originals[i] ^ round);
    return buffer;
  };
}

/** COPY text for `count` synthetic requests, for the plain COPY. */
async function plainCopyBatches(count: number, spansPerRequest: number, atMs: number) {
  const prepared: Patched[] = [];
  for (let i = 0; i < count; i++) {
    const buffer = Buffer.from(
      await copyText(decodeProtobuf(syntheticRequest(spansPerRequest, atMs - i * 1000, i)).spans),
    );
    // A row starts with start_time, a tab, then the trace id as bytea: two backslashes, "x" and hex.
    const offsets: number[] = [];
    for (let line = 0; line < buffer.length;) {
      offsets.push(buffer.indexOf(9, line) + 4);
      const end = buffer.indexOf(10, line);
      line = end < 0 ? buffer.length : end + 1;
    }
    prepared.push({
      buffer,
      offsets: Int32Array.from(offsets),
      originals: Uint8Array.from(offsets, (at) => Number.parseInt(buffer.toString("latin1", at, at + 2), 16)),
    });
  }
  return inTurn(prepared, (buffer, at, value) => buffer.write(value.toString(16).padStart(2, "0"), at, "latin1"));
}

/** `count` synthetic protobuf requests, for the receiver. */
function requestBodies(count: number, spansPerRequest: number, atMs: number) {
  const prepared: Patched[] = [];
  for (let i = 0; i < count; i++) {
    const buffer = Buffer.from(syntheticRequest(spansPerRequest, atMs - i * 1000, i));
    const offsets: number[] = [];
    for (const traceId of new Set(decodeProtobuf(buffer).spans.map((span) => span.traceId))) {
      const bytes = Buffer.from(traceId, "hex");
      for (let at = buffer.indexOf(bytes); at >= 0; at = buffer.indexOf(bytes, at + 1)) offsets.push(at);
    }
    prepared.push({
      buffer,
      offsets: Int32Array.from(offsets),
      originals: Uint8Array.from(offsets, (at) => buffer[at]),
    });
  }
  return {
    sizes: prepared.map(({ buffer }) => buffer.length),
    take: inTurn(prepared, (buffer, at, value) => {
      buffer[at] = value;
    }),
  };
}

/**
 * POSTs one body over a kept-alive connection. node:http rather than fetch: fetch costs the
 * sending side several times more CPU per request, and the senders share the machine with the
 * receiver and PostgreSQL.
 */
function post(
  agent: http.Agent,
  url: URL,
  body: Uint8Array,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": String(body.length) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * `count` protobuf requests, kept in memory. take(n) hands out body n modulo count; each time
 * round, the first byte of every trace id is XORed with the round number, so no span repeats one
 * already sent (a body is taken again only after every other one, long after its answer).
 */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const childrenOf = (pid: number) =>
  fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) =>
      fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );

/** Peak resident memory of a process and its children (the receiver's cluster workers). */
function peakRssMb(pid: number): number {
  const children = childrenOf(pid);
  return [pid, ...children].reduce((sum, id) => {
    const status = fs.readFileSync(`/proc/${id}/status`, "utf8");
    return sum + Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  }, 0);
}

/** CPU seconds used so far by a process and its children, and by the whole machine. */
function cpuSeconds(pid: number): { tree: number; machine: number } {
  const ticks = (id: number) => {
    const fields = fs.readFileSync(`/proc/${id}/stat`, "utf8").split(") ")[1].split(" ");
    return Number(fields[11]) + Number(fields[12]);
  };
  const tree = [pid, ...childrenOf(pid)].reduce((sum, id) => sum + ticks(id), 0) / 100;
  const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const machine = (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6]) / 100;
  return { tree, machine };
}

runWithThrowawayDatabase("bench-ingest", async ({ url: databaseUrl, dataDir }) => {
  const otlpPort = (await firstFreePort(45_000)) as number;
  let receiver: ReturnType<typeof spawn> | undefined;
  try {
    // Two collectors with a key each: one key alone may hold only three quarters of the receiver's slots.
    const keys = await Promise.all(
      ["bench-a", "bench-b"].map(
        async (name) => (await createApiKey(systemCtx("bench"), { name, scopes: ["ingest:traces"] })).key,
      ),
    );
    const today = new Date().toISOString().slice(0, 10);
    await ensureSpanPartitions(pool(), [today]);

    console.log(`preparing ${distinctBodies} protobuf bodies of ${spansPerRequest} spans...`);
    const now = Date.now() - 60_000;
    const requests = requestBodies(distinctBodies, spansPerRequest, now);
    const meanSize = requests.sizes.reduce((sum, size) => sum + size, 0) / requests.sizes.length;
    console.log(
      `body size: ${Math.round(meanSize / 1024)} KiB per request, ${Math.round(meanSize / spansPerRequest)} B per span on the wire`,
    );

    receiver = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : []),
        "--import",
        "tsx",
        fromRoot("runtime", "receiver.ts"),
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, VIGIL_OTLP_PORT: String(otlpPort), VIGIL_DATA_DIR: dataDir },
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    const url = new URL(`http://127.0.0.1:${otlpPort}/v1/traces`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const headersOf = (client: number) => ({
      "content-type": "application/x-protobuf",
      authorization: `Bearer ${keys[client % keys.length]}`,
    });
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`http://127.0.0.1:${otlpPort}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // The storage limit: the same kind of rows, COPYed straight into the same table by as many
    // connections. Prepared once; a batch COPYed again gets its trace ids changed in place.
    const takeCopyBatch = await plainCopyBatches(COPY_BATCHES, spansPerRequest, now - distinctBodies * 1000);

    // Ingest and plain COPY take turns, so both meet the same table size, checkpoints and
    // neighbours on this machine; each figure is the total over its rounds.
    console.log(
      `sending for ${seconds} s with ${clients} clients, in ${ROUNDS} rounds taking turns with a plain COPY of the same length...`,
    );
    const latencies: number[] = [];
    let spans = 0;
    let refused = 0;
    let acknowledgedRequests = 0;
    let next = 0;
    let ingestSeconds = 0;
    let copied = 0;
    let copySeconds = 0;
    let copyNext = 0;
    let receiverCpu = 0;
    let machineCpu = 0;
    let benchCpu = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const deadline = Date.now() + (seconds * 1000) / ROUNDS;
      const started = performance.now();
      const cpuBefore = cpuSeconds(receiver.pid as number);
      const benchBefore = process.cpuUsage();
      await Promise.all(
        Array.from({ length: clients }, async (_, client) => {
          const headers = headersOf(client);
          while (Date.now() < deadline) {
            const body = requests.take(next++);
            // Like an OTLP exporter: a 503 or 429 is retried with the same body after a pause.
            for (;;) {
              const t0 = performance.now();
              const response = await post(agent, url, body, headers);
              if (response.status === 200) {
                latencies.push(performance.now() - t0);
                spans += spansPerRequest;
                acknowledgedRequests += 1;
                break;
              }
              if (response.status !== 503 && response.status !== 429)
                throw new Error(`receiver answered ${response.status}: ${response.text}`);
              refused += 1;
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          }
        }),
      );
      ingestSeconds += (performance.now() - started) / 1000;
      const cpuAfter = cpuSeconds(receiver.pid as number);
      const benchUsed = process.cpuUsage(benchBefore);
      benchCpu += (benchUsed.user + benchUsed.system) / 1e6;
      receiverCpu += cpuAfter.tree - cpuBefore.tree;
      machineCpu += cpuAfter.machine - cpuBefore.machine;

      const copyDeadline = Date.now() + (seconds * 1000) / ROUNDS;
      const copyStarted = performance.now();
      const before = copied;
      await Promise.all(
        Array.from({ length: COPY_CONNECTIONS }, async () => {
          const client = await pool().connect();
          try {
            while (Date.now() < copyDeadline) {
              const text = takeCopyBatch(copyNext++);
              await pipeline(Readable.from([text]), client.query(copyFrom(COPY_SPANS_SQL("span"))));
              copied += spansPerRequest;
            }
          } finally {
            client.release();
          }
        }),
      );
      const roundCopySeconds = (performance.now() - copyStarted) / 1000;
      copySeconds += roundCopySeconds;
      console.log(`round ${round + 1}: plain COPY ${Math.round((copied - before) / roundCopySeconds)} spans/s`);
    }
    const elapsed = ingestSeconds;
    const rss = peakRssMb(receiver.pid as number);
    const { rows: countRows } = await pool().query<{ n: string }>("SELECT count(*)::text AS n FROM span");
    const rowsInTable = Number(countRows[0].n);
    const stored = rowsInTable - copied;
    const ingestRate = spans / elapsed;
    const { rows: sizeRows } = await pool().query<{ bytes: string }>(
      `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'span'`,
    );
    const bytesPerSpan = Number(sizeRows[0].bytes) / rowsInTable;
    const { rows: parts } = await pool().query<{ heap: string; indexes: string; toast: string }>(
      `SELECT sum(pg_relation_size(c.oid))::text AS heap, sum(pg_indexes_size(c.oid))::text AS indexes,
              sum(pg_total_relation_size(c.oid) - pg_relation_size(c.oid) - pg_indexes_size(c.oid))::text AS toast
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'span'`,
    );
    const per = (bytes: string) => Math.round(Number(bytes) / rowsInTable);
    console.log(
      `receiver: ${spans} spans acknowledged in ${elapsed.toFixed(1)} s = ${Math.round(ingestRate)} spans/s; ${refused} answers were 503 (retried); ${stored} rows stored`,
    );
    const distinctAcknowledged = acknowledgedRequests * spansPerRequest;
    if (distinctAcknowledged !== stored)
      console.log(`MISMATCH: ${distinctAcknowledged} distinct spans acknowledged but ${stored} stored`);
    console.log(
      `cores busy: receiver ${(receiverCpu / elapsed).toFixed(2)}, senders ${(benchCpu / elapsed).toFixed(2)}, ` +
        `PostgreSQL and the rest ${((machineCpu - receiverCpu - benchCpu) / elapsed).toFixed(2)}; receiver ${((receiverCpu / spans) * 1e6).toFixed(1)} µs of CPU per span`,
    );
    console.log(
      `request latency: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; receiver peak RSS ${rss.toFixed(0)} MB`,
    );
    console.log(
      `on disk: ${Math.round(bytesPerSpan)} B per span: rows ${per(parts[0].heap)} B, indexes ${per(parts[0].indexes)} B, TOAST ${per(parts[0].toast)} B`,
    );

    const copyRate = copied / copySeconds;
    console.log(
      `plain COPY of the same kind of rows: ${copied} spans in ${copySeconds.toFixed(1)} s = ${Math.round(copyRate)} spans/s`,
    );
    console.log(
      `ingest: ${Math.round(ingestRate)} spans/s, ${(ingestRate / copyRate).toFixed(2)} of COPY, p99 ${percentile(latencies, 99).toFixed(0)} ms, rss ${rss.toFixed(0)} MB, ${Math.round(bytesPerSpan)} B/span`,
    );
  } finally {
    if (receiver && receiver.exitCode === null) {
      const exited = new Promise((resolve) => receiver?.once("exit", resolve));
      receiver.kill("SIGTERM");
      await exited;
    }
  }
});
