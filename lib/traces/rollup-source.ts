/** Windows longer than this read the hourly rollups; shorter ones the per-minute rollups. */
const HOURLY_AFTER_MS = 48 * 3_600_000;

export interface RollupSource {
  services: "span_minute" | "span_hour";
  edges: "service_edge_minute" | "service_edge_hour";
  time: "minute" | "hour";
  from: Date;
  to: Date;
  /** The smallest slot the source can resolve, in seconds. */
  resolution: number;
}

/**
 * Which rollups answer a window. Hourly ones answer whole hours: the window is widened to them,
 * which moves its ends by under an hour on a window of more than two days.
 */
export function rollupSource(from: Date, to: Date): RollupSource {
  if (to.getTime() - from.getTime() <= HOURLY_AFTER_MS) {
    return { services: "span_minute", edges: "service_edge_minute", time: "minute", from, to, resolution: 60 };
  }
  const hour = 3_600_000;
  return {
    services: "span_hour",
    edges: "service_edge_hour",
    time: "hour",
    from: new Date(Math.floor(from.getTime() / hour) * hour),
    to: new Date(Math.ceil(to.getTime() / hour) * hour),
    resolution: 3600,
  };
}

/** The summary levels, coarsest first: each holds exactly the sums of the next one's rows (rollup-minutes.ts). */
const LEVELS = [
  { table: "span_day", time: "day", ms: 86_400_000 },
  { table: "span_hour", time: "hour", ms: 3_600_000 },
  { table: "span_minute", time: "minute", ms: 60_000 },
] as const;
const TOTAL_COLUMNS = "service, operation, requests, errors, buckets, counts";

/** SELECTs covering [from, to) with the coarsest rows that fit whole, finer ones at the edges. */
function cover(from: number, to: number, level: number, bound: (ms: number) => string): string[] {
  const { table, time, ms } = LEVELS[level];
  const [first, last] = [Math.ceil(from / ms) * ms, Math.floor(to / ms) * ms];
  if (level < LEVELS.length - 1 && first >= last) return cover(from, to, level + 1, bound);
  const [lo, hi] = level < LEVELS.length - 1 ? [first, last] : [from, to];
  return [
    ...(from < lo ? cover(from, lo, level + 1, bound) : []),
    `SELECT ${TOTAL_COLUMNS} FROM ${table} WHERE ${time} >= ${bound(lo)} AND ${time} < ${bound(hi)}`,
    ...(hi < to ? cover(hi, to, level + 1, bound) : []),
  ];
}

/**
 * The service rollup rows of [$1, $2) as a FROM item (`r`: service, operation, requests, errors,
 * buckets, counts) for sums over the whole window: whole days from span_day, the rest's whole hours
 * from span_hour and only the partial hours' minutes from span_minute. Each level holds exactly the
 * sums of the finer one, so the totals are the minutes' (or hours') sums, read from far fewer rows.
 */
export function serviceTotalsFrom(source: RollupSource): string {
  const [from, to] = [source.from.getTime(), source.to.getTime()];
  const bound = (ms: number) =>
    ms === from ? "$1" : ms === to ? "$2" : `'${new Date(ms).toISOString()}'::timestamptz`;
  return `(${cover(from, to, 0, bound).join("\n UNION ALL ")}) r`;
}
