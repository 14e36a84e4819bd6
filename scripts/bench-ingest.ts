import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { fromRoot, PROJECT_ROOT } from "@/runtime/paths";
import { firstFreePort } from "@/runtime/ports";
import { ensureSpanPartitions } from "@/lib/traces/partitions";
import { SPAN_COLUMNS } from "@/lib/traces/span-batch";
import { plainCopyBatches, post, requestBodies } from "./bench-ingest-requests";
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
const COPY_SQL = `COPY span (${SPAN_COLUMNS.join(", ")}) FROM STDIN`;

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

interface Tally {
  latencies: number[];
  spans: number;
  refused: number;
  acknowledgedRequests: number;
  next: number;
  ingestSeconds: number;
  copied: number;
  copySeconds: number;
  copyNext: number;
  receiverCpu: number;
  machineCpu: number;
  benchCpu: number;
}

/** The receiver process (runtime/receiver.ts) on `port`, once it answers /health. */
async function startReceiver(port: number, databaseUrl: string, dataDir: string) {
  const receiver = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : []),
      "--import",
      "tsx",
      fromRoot("runtime", "receiver.ts"),
    ],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, VIGIL_OTLP_PORT: String(port), VIGIL_DATA_DIR: dataDir },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return receiver;
}

/** One client sending bodies until `deadline`; like an OTLP exporter, a 503 or 429 is retried after a pause. */
async function sendUntil(
  deadline: number,
  send: (body: Buffer) => Promise<{ status: number; text: string }>,
  take: (n: number) => Buffer,
  tally: Tally,
) {
  while (Date.now() < deadline) {
    const body = take(tally.next++);
    for (;;) {
      const t0 = performance.now();
      const response = await send(body);
      if (response.status === 200) {
        tally.latencies.push(performance.now() - t0);
        tally.spans += spansPerRequest;
        tally.acknowledgedRequests += 1;
        break;
      }
      if (response.status !== 503 && response.status !== 429)
        throw new Error(`receiver answered ${response.status}: ${response.text}`);
      tally.refused += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Every client sending for one round's share of the time, with the CPU each side used. */
async function ingestRound(
  receiverPid: number,
  send: (client: number) => (body: Buffer) => Promise<{ status: number; text: string }>,
  take: (n: number) => Buffer,
  tally: Tally,
) {
  const deadline = Date.now() + (seconds * 1000) / ROUNDS;
  const started = performance.now();
  const cpuBefore = cpuSeconds(receiverPid);
  const benchBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: clients }, (_, client) => sendUntil(deadline, send(client), take, tally)));
  tally.ingestSeconds += (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(receiverPid);
  const benchUsed = process.cpuUsage(benchBefore);
  tally.benchCpu += (benchUsed.user + benchUsed.system) / 1e6;
  tally.receiverCpu += cpuAfter.tree - cpuBefore.tree;
  tally.machineCpu += cpuAfter.machine - cpuBefore.machine;
}

/** The plain COPY for one round's share of the time, by COPY_CONNECTIONS connections. */
async function copyRound(take: (n: number) => Buffer, tally: Tally): Promise<number> {
  const copyDeadline = Date.now() + (seconds * 1000) / ROUNDS;
  const copyStarted = performance.now();
  const before = tally.copied;
  await Promise.all(
    Array.from({ length: COPY_CONNECTIONS }, async () => {
      const client = await pool().connect();
      try {
        while (Date.now() < copyDeadline) {
          await pipeline(Readable.from([take(tally.copyNext++)]), client.query(copyFrom(COPY_SQL)));
          tally.copied += spansPerRequest;
        }
      } finally {
        client.release();
      }
    }),
  );
  const roundCopySeconds = (performance.now() - copyStarted) / 1000;
  tally.copySeconds += roundCopySeconds;
  return Math.round((tally.copied - before) / roundCopySeconds);
}

/** Rows in `span` and its size on disk per row. */
async function tableFigures() {
  const { rows: countRows } = await pool().query<{ n: string }>("SELECT count(*)::text AS n FROM span");
  const rowsInTable = Number(countRows[0].n);
  const { rows: parts } = await pool().query<{ total: string; heap: string; indexes: string; toast: string }>(
    `SELECT sum(pg_total_relation_size(c.oid))::text AS total, sum(pg_relation_size(c.oid))::text AS heap,
            sum(pg_indexes_size(c.oid))::text AS indexes,
            sum(pg_total_relation_size(c.oid) - pg_relation_size(c.oid) - pg_indexes_size(c.oid))::text AS toast
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'span'`,
  );
  const per = (bytes: string) => Math.round(Number(bytes) / rowsInTable);
  return {
    rowsInTable,
    bytesPerSpan: Number(parts[0].total) / rowsInTable,
    heap: per(parts[0].heap),
    indexes: per(parts[0].indexes),
    toast: per(parts[0].toast),
  };
}

async function report(tally: Tally, rss: number) {
  const table = await tableFigures();
  const elapsed = tally.ingestSeconds;
  const stored = table.rowsInTable - tally.copied;
  const ingestRate = tally.spans / elapsed;
  const p99 = percentile(tally.latencies, 99).toFixed(0);
  console.log(
    `receiver: ${tally.spans} spans acknowledged in ${elapsed.toFixed(1)} s = ${Math.round(ingestRate)} spans/s; ${tally.refused} answers were 503 (retried); ${stored} rows stored`,
  );
  const distinctAcknowledged = tally.acknowledgedRequests * spansPerRequest;
  if (distinctAcknowledged !== stored)
    console.log(`MISMATCH: ${distinctAcknowledged} distinct spans acknowledged but ${stored} stored`);
  console.log(
    `cores busy: receiver ${(tally.receiverCpu / elapsed).toFixed(2)}, senders ${(tally.benchCpu / elapsed).toFixed(2)}, ` +
      `PostgreSQL and the rest ${((tally.machineCpu - tally.receiverCpu - tally.benchCpu) / elapsed).toFixed(2)}; receiver ${((tally.receiverCpu / tally.spans) * 1e6).toFixed(1)} µs of CPU per span`,
  );
  console.log(
    `request latency: p50 ${percentile(tally.latencies, 50).toFixed(0)} ms, p99 ${p99} ms; receiver peak RSS ${rss.toFixed(0)} MB`,
  );
  console.log(
    `on disk: ${Math.round(table.bytesPerSpan)} B per span: rows ${table.heap} B, indexes ${table.indexes} B, TOAST ${table.toast} B`,
  );
  const copyRate = tally.copied / tally.copySeconds;
  console.log(
    `plain COPY of the same kind of rows: ${tally.copied} spans in ${tally.copySeconds.toFixed(1)} s = ${Math.round(copyRate)} spans/s`,
  );
  console.log(
    `ingest: ${Math.round(ingestRate)} spans/s, ${(ingestRate / copyRate).toFixed(2)} of COPY, p99 ${p99} ms, rss ${rss.toFixed(0)} MB, ${Math.round(table.bytesPerSpan)} B/span`,
  );
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
    await ensureSpanPartitions(pool(), [new Date().toISOString().slice(0, 10)]);

    console.log(`preparing ${distinctBodies} protobuf bodies of ${spansPerRequest} spans...`);
    const now = Date.now() - 60_000;
    const requests = requestBodies(distinctBodies, spansPerRequest, now);
    const meanSize = requests.sizes.reduce((sum, size) => sum + size, 0) / requests.sizes.length;
    console.log(
      `body size: ${Math.round(meanSize / 1024)} KiB per request, ${Math.round(meanSize / spansPerRequest)} B per span on the wire`,
    );
    receiver = await startReceiver(otlpPort, databaseUrl, dataDir);
    const url = new URL(`http://127.0.0.1:${otlpPort}/v1/traces`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const sender = (client: number) => {
      const headers = {
        "content-type": "application/x-protobuf",
        authorization: `Bearer ${keys[client % keys.length]}`,
      };
      return (body: Buffer) => post(agent, url, body, headers);
    };

    // The storage limit: the same kind of rows, COPYed straight into the same table by as many
    // connections. Prepared once; a batch COPYed again gets its trace ids changed in place.
    const takeCopyBatch = await plainCopyBatches(COPY_BATCHES, spansPerRequest, now - distinctBodies * 1000);

    // Ingest and plain COPY take turns, so both meet the same table size, checkpoints and
    // neighbours on this machine; each figure is the total over its rounds.
    console.log(
      `sending for ${seconds} s with ${clients} clients, in ${ROUNDS} rounds taking turns with a plain COPY of the same length...`,
    );
    const tally: Tally = {
      latencies: [],
      spans: 0,
      refused: 0,
      acknowledgedRequests: 0,
      next: 0,
      ingestSeconds: 0,
      copied: 0,
      copySeconds: 0,
      copyNext: 0,
      receiverCpu: 0,
      machineCpu: 0,
      benchCpu: 0,
    };
    for (let round = 0; round < ROUNDS; round++) {
      await ingestRound(receiver.pid as number, sender, requests.take, tally);
      console.log(`round ${round + 1}: plain COPY ${await copyRound(takeCopyBatch, tally)} spans/s`);
    }
    await report(tally, peakRssMb(receiver.pid as number));
  } finally {
    if (receiver && receiver.exitCode === null) {
      const exited = new Promise((resolve) => receiver?.once("exit", resolve));
      receiver.kill("SIGTERM");
      await exited;
    }
  }
});
