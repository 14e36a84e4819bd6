import { bucketOf } from "../traces/histogram";
import type { SpanRecord } from "../traces/span-record";
import { countAround, rng } from "./demo-random";
import { DEMO_FLOWS, type DemoFlow, demoTrace } from "./demo-traces-minute";
import { loadAt, QUIET } from "./demo-traffic";

// The demo's month before its raw spans, as the hourly rollups would hold it: each hour's requests
// per flow from the traffic model, counted as a sample of traces from the same generator would be,
// so the month and the last day read alike. Only rollups: a month of raw spans would take minutes.

const HOUR_MS = 3_600_000;
/** Traces generated per flow to draw each hour's sample from. */
const POOL = 600;
/** Traces drawn per flow and hour; each stands for requests / SAMPLE of them. */
const SAMPLE = 200;

interface Counted {
  /** span_hour: service|operation; service_edge_hour: caller|callee; feature usage: service|feature. */
  key: string;
  bucket: number;
  failed: boolean;
  durationNs: number;
}

/** What one trace adds to the rollups: its entry spans (and their features) and cross-service calls. */
interface TraceCounts {
  services: Counted[];
  edges: Counted[];
  usage: Counted[];
}

/** The rollups' rules (lib/traces/rollup-sql.ts) over one trace's spans. */
export function countTrace(spans: SpanRecord[]): TraceCounts {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const counts: TraceCounts = { services: [], edges: [], usage: [] };
  for (const span of spans) {
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    const durationNs = Number(span.endNs - span.startNs);
    const counted = { bucket: bucketOf(durationNs), failed: span.statusCode === 2, durationNs };
    if (parent && parent.service !== span.service)
      counts.edges.push({ key: `${parent.service}|${span.service}`, ...counted });
    if (parent && parent.service === span.service) continue;
    counts.services.push({ key: `${span.service}|${span.name}`, ...counted });
    counts.usage.push({ key: `${span.service}|${span.feature ?? ""}`, ...counted });
  }
  return counts;
}

export interface HistoryRow {
  hour: number;
  /** service|operation, caller|callee or service|feature. */
  key: string;
  count: number;
  errors: number;
  buckets: number[];
  counts: number[];
  durationNs: bigint;
}

export interface DemoHistory {
  services: HistoryRow[];
  edges: HistoryRow[];
  usage: HistoryRow[];
}

class HourTally {
  private readonly rows = new Map<string, { errors: number; durationNs: number; histogram: Map<number, number> }>();

  add(items: Counted[], weight: number): void {
    for (const item of items) {
      let row = this.rows.get(item.key);
      if (!row) this.rows.set(item.key, (row = { errors: 0, durationNs: 0, histogram: new Map() }));
      if (item.failed) row.errors += weight;
      row.durationNs += item.durationNs * weight;
      row.histogram.set(item.bucket, (row.histogram.get(item.bucket) ?? 0) + weight);
    }
  }

  /** Whole counts: each bucket rounded, the total their sum. */
  rowsAt(hour: number): HistoryRow[] {
    return [...this.rows].flatMap(([key, row]) => {
      const buckets = [...row.histogram.keys()].sort((a, b) => a - b);
      const counts = buckets.map((bucket) => Math.round(row.histogram.get(bucket) ?? 0));
      const count = counts.reduce((sum, n) => sum + n, 0);
      if (count === 0) return [];
      const kept = buckets.map((bucket, i) => [bucket, counts[i]]).filter(([, n]) => n > 0);
      return [
        {
          hour,
          key,
          count,
          errors: Math.min(count, Math.round(row.errors)),
          buckets: kept.map(([bucket]) => bucket),
          counts: kept.map(([, n]) => n),
          durationNs: BigInt(Math.round(row.durationNs)),
        },
      ];
    });
  }
}

/** Each flow's pool of counted traces, generated once with a fixed seed. */
function pools(): TraceCounts[][] {
  return DEMO_FLOWS.map((flow: DemoFlow, index) => {
    const random = rng(0x5eed + index);
    return Array.from({ length: POOL }, () => countTrace(demoTrace(flow, random, 0, QUIET, null)));
  });
}

/** The rollup rows of the hours [fromMs, toMs) (hour-aligned), the same for the same hours. */
export function demoHistory(fromMs: number, toMs: number): DemoHistory {
  const history: DemoHistory = { services: [], edges: [], usage: [] };
  if (toMs <= fromMs) return history;
  const flowPools = pools();
  for (let hour = fromMs; hour < toMs; hour += HOUR_MS) {
    const random = rng(0x4157 ^ Math.floor(hour / HOUR_MS));
    const tallies = { services: new HourTally(), edges: new HourTally(), usage: new HourTally() };
    DEMO_FLOWS.forEach((flow, index) => {
      let expected = 0;
      for (let minute = 0; minute < 60; minute += 5)
        expected += 5 * flow.peakPerMinute * loadAt(hour + minute * 60_000);
      const requests = countAround(random, expected);
      const drawn = Math.min(requests, SAMPLE);
      for (let i = 0; i < drawn; i++) {
        const trace = flowPools[index][Math.floor(random() * POOL)];
        for (const table of ["services", "edges", "usage"] as const) tallies[table].add(trace[table], requests / drawn);
      }
    });
    for (const table of ["services", "edges", "usage"] as const) history[table].push(...tallies[table].rowsAt(hour));
  }
  return history;
}
