import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import { addSparse, emptyHistogram, quantileMs } from "./histogram";
import { rollupSource, serviceTotalsFrom } from "./rollup-source";
import { RedWindowInput } from "./service-red";

export interface RedSlot {
  t: string;
  requests: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface OperationRed {
  operation: string;
  requests: number;
  errors: number;
  p95Ms: number | null;
}

export interface EdgeRed {
  service: string;
  calls: number;
  errors: number;
  p95Ms: number | null;
}

export interface ServiceDetail {
  service: string;
  from: string;
  to: string;
  stepSeconds: number;
  /** The window's entry requests, failed ones and p95 latency. */
  summary: { requests: number; errors: number; p95Ms: number | null };
  series: RedSlot[];
  operations: OperationRed[];
  upstream: EdgeRed[];
  downstream: EdgeRed[];
}

/** A key's totals and merged histogram; a series slot's key is its start (date_bin), other keys are names. */
type SparseRow<K = string> = { key: K; total: string; errors: string; buckets: number[]; counts: string[] };

/** (key, totals, merged histogram) rows into p95s: the shape every table on the service page uses. */
function summarise<K>(rows: SparseRow<K>[]) {
  return rows.map((row) => ({
    key: row.key,
    total: Number(row.total),
    errors: Number(row.errors),
    histogram: addSparse(emptyHistogram(), row.buckets ?? [], (row.counts ?? []).map(Number)),
  }));
}

const SPARSE_SQL = (table: string, keyColumn: string, countColumn: string, where: string) => `
  SELECT key, sum(total)::text AS total, sum(errs)::text AS errors, array_agg(b ORDER BY b) FILTER (WHERE b IS NOT NULL) AS buckets,
         array_agg(n::text ORDER BY b) FILTER (WHERE b IS NOT NULL) AS counts
  FROM (
    SELECT ${keyColumn} AS key, b, sum(c) AS n, NULL::bigint AS total, NULL::bigint AS errs FROM ${table}, unnest(buckets, counts) AS u(b, c) WHERE ${where} GROUP BY 1, 2
    UNION ALL
    SELECT ${keyColumn}, NULL, NULL, sum(${countColumn}), sum(errors) FROM ${table} WHERE ${where} GROUP BY 1
  ) x GROUP BY key`;

/** Empty slots of `step` seconds over [from, to), filled from the per-slot rows. */
function seriesOf(from: Date, to: Date, step: number, rows: SparseRow<Date>[]): RedSlot[] {
  const count = Math.ceil((to.getTime() - from.getTime()) / 1000 / step);
  const series: RedSlot[] = Array.from({ length: count }, (_, i) => ({
    t: new Date(from.getTime() + i * step * 1000).toISOString(),
    requests: 0,
    errors: 0,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
  }));
  for (const row of summarise(rows)) {
    const slot = series[Math.round((row.key.getTime() - from.getTime()) / 1000 / step)];
    if (!slot) continue;
    Object.assign(slot, {
      requests: row.total,
      errors: row.errors,
      p50Ms: quantileMs(row.histogram, 0.5),
      p95Ms: quantileMs(row.histogram, 0.95),
      p99Ms: quantileMs(row.histogram, 0.99),
    });
  }
  return series;
}

const edgesOf = (rows: SparseRow[]): EdgeRed[] =>
  summarise(rows)
    .map((row) => ({ service: row.key, calls: row.total, errors: row.errors, p95Ms: quantileMs(row.histogram, 0.95) }))
    .sort((a, b) => b.calls - a.calls);

const operationsOf = (rows: SparseRow[]): OperationRed[] =>
  summarise(rows)
    .map((row) => ({
      operation: row.key,
      requests: row.total,
      errors: row.errors,
      p95Ms: quantileMs(row.histogram, 0.95),
    }))
    .sort((a, b) => b.requests - a.requests)
    .slice(0, 50);

/** The service's totals: the sums of its operations' (histograms add bucket by bucket). */
function totalOf(operations: ReturnType<typeof summarise<string>>) {
  const total = { total: 0, errors: 0, histogram: emptyHistogram() };
  for (const op of operations) {
    total.total += op.total;
    total.errors += op.errors;
    op.histogram.forEach((count, bucket) => (total.histogram[bucket] += count));
  }
  return total;
}

/** Whether a service is in the catalog or has sent spans Vigil still keeps (raw or rolled up). */
async function isKnownService(service: string): Promise<boolean> {
  const { rows } = await pool().query<{ known: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM service WHERE name = $1) OR EXISTS (SELECT 1 FROM span_minute WHERE service = $1)
         OR EXISTS (SELECT 1 FROM span_hour WHERE service = $1) OR EXISTS (SELECT 1 FROM span WHERE service = $1)
         OR EXISTS (SELECT 1 FROM span_block WHERE service = $1) AS known`,
    [service],
  );
  return rows[0].known;
}

/**
 * One service's RED over time, its operations, and who calls it and whom it calls; rollups only.
 * A service neither in the catalog nor in any kept span is not found.
 */
export async function getServiceDetail(ctx: Ctx, service: string, input: RedWindowInput = {}): Promise<ServiceDetail> {
  authorize(ctx, "read");
  if (!service || service.length > 200)
    throw new VigilError("bad_request", "service: must be 1 to 200 characters", { field: "service" });
  const requested = parseInput(RedWindowInput, input);
  const source = rollupSource(requested.from, requested.to);
  const { from, to, time } = source;
  const step = Math.max(
    source.resolution,
    Math.ceil((to.getTime() - from.getTime()) / 1000 / requested.points / source.resolution) * source.resolution,
  );
  const window = `${time} >= $1 AND ${time} < $2`;
  const sparse = (table: string, key: string, count: string, where: string) =>
    pool().query<SparseRow>(SPARSE_SQL(table, key, count, `${window} AND ${where}`), [from, to, service]);
  // Sums over the whole window read whole hours from span_hour (rollup-source.ts).
  const whole = (key: string) =>
    pool().query<SparseRow>(SPARSE_SQL(serviceTotalsFrom(source), key, "requests", "service = $3"), [
      from,
      to,
      service,
    ]);
  // Whether the service is known is asked beside the reads (it only decides a 404).
  const [known, slots, operations, upstream, downstream] = await Promise.all([
    isKnownService(service),
    pool().query<SparseRow<Date>>(
      SPARSE_SQL(
        source.services,
        `date_bin(make_interval(secs => $4), ${time}, $1)`,
        "requests",
        `${window} AND service = $3`,
      ),
      [from, to, service, step],
    ),
    whole("operation"),
    sparse(source.edges, "caller", "calls", "callee = $3"),
    sparse(source.edges, "callee", "calls", "caller = $3"),
  ]);
  if (!known) throw new VigilError("not_found", `No service ${service}`);
  const total = totalOf(summarise(operations.rows));
  return {
    service,
    from: from.toISOString(),
    to: to.toISOString(),
    stepSeconds: step,
    summary: { requests: total.total, errors: total.errors, p95Ms: quantileMs(total.histogram, 0.95) },
    series: seriesOf(from, to, step, slots.rows),
    operations: operationsOf(operations.rows),
    upstream: edgesOf(upstream.rows),
    downstream: edgesOf(downstream.rows),
  };
}

export interface ServiceNode {
  service: string;
  requests: number;
  errors: number;
  p95Ms: number | null;
}

export interface ServiceMap {
  from: string;
  to: string;
  edges: { caller: string; callee: string; calls: number; errors: number }[];
  /** Every service with entry requests or calls in the window, with its entry RED. */
  nodes: ServiceNode[];
}

/** Every service-to-service edge in the window and each service's RED, for the service map. */
export async function getServiceMap(ctx: Ctx, input: RedWindowInput = {}): Promise<ServiceMap> {
  authorize(ctx, "read");
  const requested = parseInput(RedWindowInput, input);
  const source = rollupSource(requested.from, requested.to);
  const { from, to, edges, time } = source;
  const window = `${time} >= $1 AND ${time} < $2`;
  const [edgeRows, nodeRows] = await Promise.all([
    pool().query<{ caller: string; callee: string; calls: string; errors: string }>(
      `SELECT caller, callee, sum(calls)::text AS calls, sum(errors)::text AS errors FROM ${edges} WHERE ${window} GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 500`,
      [from, to],
    ),
    pool().query<SparseRow>(SPARSE_SQL(serviceTotalsFrom(source), "service", "requests", "true"), [from, to]),
  ]);
  const nodes = new Map(
    summarise(nodeRows.rows).map((row) => [
      row.key,
      { service: row.key, requests: row.total, errors: row.errors, p95Ms: quantileMs(row.histogram, 0.95) },
    ]),
  );
  const mapEdges = edgeRows.rows.map((row) => ({
    caller: row.caller,
    callee: row.callee,
    calls: Number(row.calls),
    errors: Number(row.errors),
  }));
  // A callee that only ever answers calls (no entry spans) is still a node, with no RED of its own.
  for (const edge of mapEdges)
    for (const service of [edge.caller, edge.callee])
      if (!nodes.has(service)) nodes.set(service, { service, requests: 0, errors: 0, p95Ms: null });
  return { from: from.toISOString(), to: to.toISOString(), edges: mapEdges, nodes: [...nodes.values()] };
}
