import type pg from "pg";
import type { AnomalyChange } from "./schemas";

// Propagation: which service on the service map went unusual first. A failing or slow dependency
// makes its callers fail or slow down with it, so among the services downstream of the anomalous
// one that were themselves anomalous around its start, the deepest (then the earliest) is the
// probable origin.

const HOUR_MS = 3_600_000;

/** caller → callees, from the hourly edges around the start. */
export async function readCallees(
  client: Pick<pg.ClientBase, "query">,
  around: Date,
): Promise<Map<string, Set<string>>> {
  const { rows } = await client.query<{ caller: string; callee: string }>(
    `SELECT DISTINCT caller, callee FROM service_edge_hour
      WHERE hour >= $1 AND hour < $2 AND calls > 0 AND caller <> callee LIMIT 10000`,
    [new Date(around.getTime() - 2 * HOUR_MS), new Date(around.getTime() + HOUR_MS)],
  );
  const edges = new Map<string, Set<string>>();
  for (const row of rows) edges.set(row.caller, (edges.get(row.caller) ?? new Set()).add(row.callee));
  return edges;
}

export interface Unusual {
  service: string;
  series: string;
  start: number;
}

/** The deepest anomalous service reachable downstream from `service`, then the earliest; null if none. */
export function probableOrigin(
  service: string,
  edges: Map<string, Set<string>>,
  unusual: readonly Unusual[],
): (Unusual & { path: string[] }) | null {
  const byService = new Map<string, Unusual>();
  for (const item of unusual)
    if (item.service !== service && (byService.get(item.service)?.start ?? Infinity) > item.start)
      byService.set(item.service, item);
  let best: (Unusual & { path: string[] }) | null = null;
  const seen = new Set([service]);
  let frontier = [[service]];
  while (frontier.length) {
    const next: string[][] = [];
    for (const path of frontier)
      for (const callee of edges.get(path[path.length - 1]) ?? []) {
        if (seen.has(callee)) continue;
        seen.add(callee);
        next.push([...path, callee]);
        const found = byService.get(callee);
        const deeper = !best || path.length + 1 > best.path.length;
        if (found && (deeper || found.start < best!.start)) best = { ...found, path: [...path, callee] };
      }
    frontier = next;
  }
  return best;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export async function originChanges(
  client: Pick<pg.ClientBase, "query">,
  episode: { id: string; service: string; environment: string; start: Date; edges: Map<string, Set<string>> },
): Promise<AnomalyChange[]> {
  const { rows } = await client.query<{ service: string; series: string; start: Date }>(
    `SELECT service, series, started_at AS start FROM anomaly
      WHERE id <> $1 AND started_at >= $2 AND started_at <= $3 AND environment = $4
        AND NOT (series = 'requests' AND direction = 'up')
      ORDER BY started_at LIMIT 500`,
    [
      episode.id,
      new Date(episode.start.getTime() - HOUR_MS),
      new Date(episode.start.getTime() + HOUR_MS),
      episode.environment,
    ],
  );
  const unusual = rows.map((row) => ({ service: row.service, series: row.series, start: row.start.getTime() }));
  const origin = probableOrigin(episode.service, episode.edges, unusual);
  if (!origin) return [];
  const leads = origin.start <= episode.start.getTime();
  return [
    {
      kind: "origin",
      rank: 0,
      summary: `${origin.service} (${origin.path.join(" → ")}) turned unusual at ${clock(origin.start)} UTC (${origin.series})${leads ? ", no later than this" : ""}: the probable origin`,
      score: leads ? 0.9 : 0.6,
      href: `/services/${encodeURIComponent(origin.service)}`,
      service: origin.service,
      path: origin.path,
      series: origin.series,
      startedAt: new Date(origin.start).toISOString(),
    },
  ];
}
