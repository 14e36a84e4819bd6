import type pg from "pg";
import { attributeText } from "@/lib/anomalies/attribute-deltas";
import { promotedAttributes } from "@/lib/traces/promoted";
import type { SpanRow } from "@/lib/traces/block/span-row";
import { ENVIRONMENT_KEYS } from "@/lib/traces/span-record";
import { serviceBlockSpans, spanSource, withSpanSnapshot } from "@/lib/traces/span-source";

// A bounded sample of a service's entry spans (those the RED series count: roots, or spans whose
// parent is in another service) in an episode and in its baseline, each as its attributes: the
// resource's (service.version, cloud.region, k8s.*), the span's, and the promoted columns.
//
// The sample is the first spans by md5(trace id, span id): pseudo-random, whatever order the
// spans arrived in, and the same on every run. PostgreSQL reads the window's spans (the BRIN
// index and the daily partitions bound it to those hours) and keeps a top-N heap of hashes; only
// the sampled rows are joined to their parent, their resource and their attribute names.

export type Queryable = Pick<pg.ClientBase, "query">;

export interface AttributeSample {
  outliers: { attributes: Record<string, string> }[];
  inliers: { attributes: Record<string, string> }[];
}

export interface SampleInput {
  service: string;
  series: "errors" | "latency" | "requests";
  start: Date;
  end: Date;
  baselineFrom: Date;
  baselineTo: Date;
  /** latency: outliers are the spans slower than this. */
  slowerThanMs?: number;
  /** Most spans a side (default 1000). */
  limit?: number;
  /** Only spans of this environment ('' for spans without one); all when not given. */
  environment?: string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Longest window read a side: more would stop the sample being cheap. */
export const MAX_WINDOW_MS = 2 * 3_600_000;
/** Most spans a side, whatever the caller asks. */
export const MAX_LIMIT = 5000;
/** Spans hashed in per entry span wanted: a service's own child spans are dropped after sampling. */
const OVERSAMPLE = 4;
/** The operation, which has no OpenTelemetry attribute of its own. */
export const SPAN_NAME_KEY = "span.name";

const OUTCOME: Record<SampleInput["series"], string> = {
  errors: "AND status_code = 2",
  latency: "AND duration_ns > $6",
  requests: "",
};

const sampleSql = (series: SampleInput["series"], source: string) => `
  WITH hashed AS (
    SELECT trace_id, span_id, parent_span_id, start_time, service, name, http_route, http_status_code,
           db_system, peer_service, environment, feature, attributes, resource_fp
    FROM ${source} s
    WHERE service = $1 AND start_time >= $2 AND start_time < $3 AND ($5::text IS NULL OR COALESCE(environment, '') = $5)
      ${OUTCOME[series]}
    ORDER BY md5(trace_id || span_id), span_id
    LIMIT $4::int * ${OVERSAMPLE}
  ),
  entries AS (
    SELECT * FROM hashed c
    WHERE c.parent_span_id IS NULL OR NOT EXISTS (
      SELECT 1 FROM ${source} p
      WHERE p.trace_id = c.trace_id AND p.span_id = c.parent_span_id AND p.service = c.service
        AND p.start_time BETWEEN c.start_time - interval '1 hour' AND c.start_time + interval '1 minute')
    ORDER BY md5(c.trace_id || c.span_id), c.span_id
    LIMIT $4::int
  )
  SELECT e.name, e.http_route, e.http_status_code, e.db_system, e.peer_service, e.environment, e.feature,
         span_attributes(e.attributes) AS attributes, r.attributes AS resource
  FROM entries e LEFT JOIN span_resource r ON r.fingerprint = e.resource_fp`;

interface SampleRow {
  name: string;
  http_route: string | null;
  http_status_code: number | null;
  db_system: string | null;
  peer_service: string | null;
  environment: string | null;
  feature: string | null;
  attributes: Record<string, unknown> | null;
  resource: Record<string, unknown> | null;
}

function putAll(into: Record<string, string>, from: Record<string, unknown> | null) {
  if (!from || typeof from !== "object") return;
  for (const key of Object.keys(from)) {
    const text = attributeText(from[key]);
    if (text !== null) into[key] = text;
  }
}

/** A sampled row as one map: resource, then span attributes over it, then the promoted columns. */
export function sampledAttributes(row: SampleRow): Record<string, string> {
  // A map without a prototype: "__proto__" is a key like any other.
  const out: Record<string, string> = Object.create(null);
  putAll(out, row.resource);
  putAll(out, row.attributes);
  const stored = row.attributes ?? {};
  const resourceFeature = attributeText(row.resource?.["vigil.feature"]);
  const columns = {
    httpRoute: row.http_route,
    httpStatusCode: row.http_status_code,
    dbSystem: row.db_system,
    peerService: row.peer_service,
    feature: row.feature,
  };
  for (const [key, value] of promotedAttributes(columns, stored, resourceFeature))
    out[key] = "stringValue" in value ? value.stringValue : "intValue" in value ? value.intValue : "";
  if (row.environment !== null && !ENVIRONMENT_KEYS.some((key) => key in out))
    out[ENVIRONMENT_KEYS[0]] = row.environment;
  out[SPAN_NAME_KEY] = row.name;
  return { ...out };
}

async function sampleSide(
  client: Queryable,
  input: {
    service: string;
    from: Date;
    to: Date;
    series: SampleInput["series"];
    slowerThanNs: number;
    limit: number;
    environment: string | null;
  },
) {
  const to = new Date(Math.min(input.to.getTime(), input.from.getTime() + MAX_WINDOW_MS));
  if (!(to > input.from) || input.limit <= 0) return [];
  const params: unknown[] = [input.service, input.from, to, input.limit, input.environment];
  if (input.series === "latency") params.push(input.slowerThanNs);
  // Compacted spans are read beside the rows, with those their parents may be (an hour back).
  const reach = [new Date(input.from.getTime() - HOUR_MS), new Date(to.getTime() + MINUTE_MS)];
  const read = async (on: Queryable, spans: SpanRow[]) => {
    const source = spans.length > 0 ? await spanSource(on, spans) : "span";
    return (await on.query<SampleRow>(sampleSql(input.series, source), params)).rows;
  };
  const { rows: compacted } = await client.query(
    "SELECT 1 FROM span_block WHERE service = $1 AND min_start <= $3 AND max_start >= $2 LIMIT 1",
    [input.service, ...reach],
  );
  const rows =
    compacted.length === 0
      ? await read(client, [])
      : await withSpanSnapshot(async (own) =>
          read(own, await serviceBlockSpans(own, input.service, reach[0], reach[1])),
        );
  return rows.map((row) => ({ attributes: sampledAttributes(row) }));
}

/**
 * The episode's bad entry spans (failed for errors, slower than `slowerThanMs` for latency, all
 * for requests) and the baseline window's entry spans, at most `limit` a side. Windows are cut
 * to MAX_WINDOW_MS from their start.
 */
export async function sampleEpisodeSpans(client: Queryable, input: SampleInput): Promise<AttributeSample> {
  const asked = Math.floor(input.limit ?? 1000);
  const limit = Number.isNaN(asked) ? 0 : Math.max(0, Math.min(MAX_LIMIT, asked));
  // PostgreSQL text holds no NUL: no span belongs to such a service. Cost has no spans.
  if (input.service.includes("\0") || !Object.hasOwn(OUTCOME, input.series)) return { outliers: [], inliers: [] };
  const slowerThanMs = input.slowerThanMs ?? 0;
  // duration_ns is a bigint: NaN or a threshold past it matches nothing rather than failing.
  const slowerThanNs = Number.isFinite(slowerThanMs)
    ? Math.min(Math.max(0, Math.round(slowerThanMs * 1e6)), Number.MAX_SAFE_INTEGER)
    : Number.MAX_SAFE_INTEGER;
  const environment = input.environment?.includes("\0") ? null : (input.environment ?? null);
  const side = { service: input.service, series: input.series, slowerThanNs, limit, environment };
  const outliers = await sampleSide(client, { ...side, from: input.start, to: input.end });
  const inliers = await sampleSide(client, {
    ...side,
    series: "requests",
    from: input.baselineFrom,
    to: input.baselineTo,
  });
  return { outliers, inliers };
}
