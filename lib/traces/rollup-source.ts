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
