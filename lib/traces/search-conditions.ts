import { storedNamesOf } from "./attribute-keys";

/** The span filters a trace search and its duration chart share; the window is [from, to). */
export interface SpanFilter {
  from: Date;
  to: Date;
  service?: string;
  operation?: string;
  status?: "error" | "ok" | "unset";
  minDurationMs?: number;
  maxDurationMs?: number;
  attr?: string;
}

// Attributes promoted to columns are searched there; any other key in the JSONB attributes.
const PROMOTED_COLUMNS: Record<string, string> = {
  "http.route": "http_route",
  "http.response.status_code": "http_status_code::text",
  "http.status_code": "http_status_code::text",
  "db.system": "db_system",
  "peer.service": "peer_service",
  "vigil.feature": "feature",
  "deployment.environment": "environment",
};

const STATUS_CODES = { unset: 0, ok: 1, error: 2 } as const;

/** The WHERE conditions on `span` of a search and their parameters ($1 and $2 the window). */
export async function spanConditions(filter: SpanFilter): Promise<{ where: string[]; params: unknown[] }> {
  const where = ["start_time >= $1", "start_time < $2"];
  const params: unknown[] = [filter.from, filter.to];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.service) add((p) => `service = ${p}`, filter.service);
  if (filter.operation) add((p) => `name = ${p}`, filter.operation);
  if (filter.status) add((p) => `status_code = ${p}`, STATUS_CODES[filter.status]);
  if (filter.minDurationMs !== undefined) add((p) => `duration_ns >= ${p}`, Math.round(filter.minDurationMs * 1e6));
  if (filter.maxDurationMs !== undefined) add((p) => `duration_ns <= ${p}`, Math.round(filter.maxDurationMs * 1e6));
  if (!filter.attr) return { where, params };
  const at = filter.attr.indexOf(":");
  const key = filter.attr.slice(0, at);
  const value = filter.attr.slice(at + 1);
  // Own keys only: "__proto__" or "constructor" are attribute keys like any other.
  const column = Object.hasOwn(PROMOTED_COLUMNS, key) ? PROMOTED_COLUMNS[key] : undefined;
  if (column) add((p) => `${column} = ${p}`, value);
  else {
    // Stored under the key's dictionary id, or literally (lib/traces/attribute-keys.ts).
    params.push(await storedNamesOf(key));
    const namesParam = `$${params.length}`;
    add(
      (p) => `(attributes ->> (${namesParam}::text[])[1] = ${p} OR attributes ->> (${namesParam}::text[])[2] = ${p})`,
      value,
    );
  }
  return { where, params };
}
