import { loadEvidence } from "@/lib/agent/load-evidence";
import { sampleEpisodeSpans } from "@/lib/anomalies/sample-span-attributes";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { detectDeploys } from "@/lib/delivery/detect-deploys";
import { getTrace, traceJson } from "@/lib/traces/get-trace";
import { rollupSpans } from "@/lib/traces/rollup-spans";
import { getServiceDetail } from "@/lib/traces/service-detail";
import { captureSearches, type SearchBudget, searchFilters } from "@/test/compaction-searches";
import { roleCtx } from "@/test/factories";
import { asOwner } from "@/test/private-database";

// What every reader of spans answers over one database, captured so the same spans can be asked
// again after compaction and the answers compared whole: trace by id (the API's JSON), searches
// and their charts, rollups rebuilt from spans (explicit windows and late minutes), whether a
// service is known, the agent's trace evidence, the anomaly attribute sample and deploy detection.

const viewer = roleCtx("viewer");
const system = systemCtx("test");
const HOUR_MS = 3_600_000;

/** What the readers are asked about: read from the rows once, before anything is compacted. */
export interface Subjects {
  window: { from: Date; to: Date };
  traceIds: string[];
  services: string[];
  operations: string[];
  attrs: string[];
}

const ROLLUP_TABLES: Record<string, string> = {
  span_minute: "minute, service, operation, environment",
  span_hour: "hour, service, operation, environment",
  span_day: "day, service, operation, environment",
  service_edge_minute: "minute, caller, callee",
  service_edge_hour: "hour, caller, callee",
  feature_usage_minute: "minute, service, feature, environment",
};

const failure = (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) });

/**
 * The window of the stored spans (from the hour before the first to two hours past the last),
 * trace ids, services, common operations, and attribute filters: `attrs` and the most common
 * short key:value pairs of the spans (rows only: read before anything is compacted).
 */
export async function subjectsOf(attrs: string[], maxTraces?: number): Promise<Subjects> {
  const bounds = await pool().query<{ from: Date; to: Date }>(
    `SELECT date_trunc('hour', min(start_time)) - interval '1 hour' AS from,
            date_trunc('hour', max(start_time)) + interval '2 hours' AS to FROM span`,
  );
  const ids = await pool().query<{ id: string }>(
    `SELECT id FROM (SELECT DISTINCT encode(trace_id, 'hex') AS id FROM span) t
     ORDER BY ${maxTraces === undefined ? "id" : "md5(id) LIMIT $1"}`,
    maxTraces === undefined ? [] : [maxTraces],
  );
  const services = await pool().query<{ service: string }>("SELECT DISTINCT service FROM span ORDER BY 1");
  const operations = await pool().query<{ name: string }>(
    "SELECT name FROM span GROUP BY name ORDER BY count(*) DESC, name LIMIT 6",
  );
  const common = await pool().query<{ attr: string }>(
    `SELECT a.key || ':' || a.value AS attr FROM span, jsonb_each_text(span_attributes(attributes)) a
     WHERE length(a.value) < 60 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 6`,
  );
  return {
    window: bounds.rows[0],
    traceIds: ids.rows.map((row) => row.id).sort(),
    services: services.rows.map((row) => row.service),
    operations: operations.rows.map((row) => row.name),
    attrs: [...new Set([...attrs, ...common.rows.map((row) => row.attr), "no.such.key:x"])],
  };
}

/** Every trace as GET /api/v1/traces/{id} writes it, and ids no span has. */
export async function captureTraces(traceIds: string[]) {
  const traces: Record<string, unknown> = {};
  for (const id of [...traceIds, "0".repeat(32), "f".repeat(32)]) {
    traces[id] = await getTrace(viewer, id).then(traceJson, failure);
  }
  return traces;
}

async function rollupRows() {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(ROLLUP_TABLES))
    out[table] = (await pool().query(`SELECT * FROM ${table} ORDER BY ${order}`)).rows;
  return out;
}

const clearRollups = () =>
  pool().query(
    Object.keys(ROLLUP_TABLES)
      .map((t) => `DELETE FROM ${t}`)
      .join("; "),
  );

/**
 * Rollups rebuilt from spans, after they are cleared: first the known-service check (which then
 * can only answer from spans), then an explicit window over every minute, then the late minutes
 * of a scheduled run (every minute of the window noted late, the tables cleared again).
 */
async function captureRollups(s: Subjects) {
  await clearRollups();
  const known: Record<string, boolean | unknown> = {};
  for (const service of [...s.services, "no-such-service", "day-payments\u00a0"]) {
    known[service] = await getServiceDetail(viewer, service).then(
      () => true,
      (error) => (error instanceof Error && /No service/.test(error.message) ? false : failure(error)),
    );
  }
  const explicit = await rollupSpans(system, s.window);
  const windowRows = await rollupRows();
  await clearRollups();
  await pool().query("DELETE FROM span_late_minute");
  await pool().query(
    `INSERT INTO span_late_minute (minute)
     SELECT generate_series(date_trunc('minute', $1::timestamptz), $2::timestamptz - interval '1 minute', interval '1 minute')`,
    [s.window.from, s.window.to],
  );
  const scheduled = await rollupSpans(system);
  const lateRows = await rollupRows();
  const details: Record<string, unknown> = {};
  for (const service of s.services) {
    const range = { from: s.window.from.toISOString(), to: s.window.to.toISOString() };
    details[service] = await getServiceDetail(viewer, service, range).catch(failure);
  }
  return {
    known,
    explicit: { ...explicit, skipped: explicit.skipped },
    windowRows,
    late: { minutes: scheduled.lateMinutes, skipped: scheduled.skipped },
    lateRows,
    details,
  };
}

/** Errors, latency and request samples of each service over two-hour windows, sorted (no order is promised). */
async function captureSamples(s: Subjects) {
  const out: Record<string, unknown> = {};
  const start = s.window.from.getTime();
  const spanMs = s.window.to.getTime() - start;
  for (const service of s.services) {
    for (const series of ["errors", "latency", "requests"] as const) {
      for (const [at, environment, limit] of [
        [0.25, undefined, 1000],
        [0.5, "prod", 40],
        [0.75, "", 1000],
      ] as const) {
        const episode = start + Math.floor(spanMs * at);
        const sample = await sampleEpisodeSpans(pool(), {
          service,
          series,
          start: new Date(episode),
          end: new Date(episode + 2 * HOUR_MS),
          baselineFrom: new Date(start + spanMs / 2),
          baselineTo: new Date(start + spanMs / 2 + 2 * HOUR_MS),
          slowerThanMs: 10,
          environment,
          limit,
        });
        const sorted = (side: { attributes: Record<string, string> }[]) => side.map((x) => JSON.stringify(x)).sort();
        out[`${service} ${series} ${at} ${environment} ${limit}`] = {
          outliers: sorted(sample.outliers),
          inliers: sorted(sample.inliers),
        };
      }
    }
  }
  return out;
}

/**
 * Deploys detected from telemetry, from nothing: the delivery state of earlier runs is cleared
 * (as the owner), so each capture asks firstSpanAt of every version again.
 */
async function captureDeploys(url: string) {
  await asOwner(
    url,
    `DELETE FROM delivery_seen_version; DELETE FROM delivery_telemetry_state;
     DELETE FROM delivery_deployment WHERE source = 'telemetry'`,
  );
  const result = await detectDeploys(system);
  const seen = await pool().query(
    "SELECT service, environment, version, first_span_at::text FROM delivery_seen_version ORDER BY 1, 2, 3",
  );
  const detected = await pool().query(
    `SELECT service, environment, version, started_at::text, finished_at::text FROM delivery_deployment
     WHERE source = 'telemetry' ORDER BY service, environment, version`,
  );
  return { result, seen: seen.rows, detected: detected.rows };
}

/**
 * Puts each resource's first-seen moment 10 minutes after its first span (as if the spans had
 * been received live), so deploy detection's firstSpanAt finds spans to answer from.
 */
export async function seenWithTheirSpans(url: string): Promise<void> {
  await asOwner(
    url,
    `UPDATE span_resource r SET first_seen_at = f.first + interval '10 minutes'
     FROM (SELECT resource_fp, min(start_time) AS first FROM span GROUP BY 1) f WHERE f.resource_fp = r.fingerprint`,
  );
}

/** Runs one capture phase; with DEBUG_CAPTURE set, says how long it took. */
async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  if (process.env.DEBUG_CAPTURE)
    console.log(`capture ${phase}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Every reader's answers about the subjects. `url` is the database's (for the owner's resets). */
export async function captureAll(s: Subjects, url: string, budget?: SearchBudget) {
  const hour = (h: number) => new Date(s.window.from.getTime() + h * HOUR_MS);
  const windows = [
    s.window,
    { from: hour(1), to: hour(2) },
    { from: hour(12.5), to: hour(13.5) },
    { from: hour(29.9), to: hour(30.1) },
  ];
  const traces = await timed("traces", () => captureTraces(s.traceIds));
  const { searches, histograms } = await timed("searches", () => captureSearches(searchFilters(windows, s), budget));
  const rollups = await timed("rollups", () => captureRollups(s));
  const evidence = await timed("evidence", () =>
    loadEvidence(
      [...s.traceIds, "0".repeat(32), "not-a-trace"].map((id) => `trace:${id}`),
      new Date(),
    ),
  );
  const samples = await timed("samples", () => captureSamples(s));
  const deploys = await timed("deploys", () => captureDeploys(url));
  return { traces, searches, histograms, rollups, evidence: [...evidence].sort(), samples, deploys };
}
