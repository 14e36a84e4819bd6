import { pool } from "../db";
import { DAY, HOUR } from "@/lib/anomalies/series";
import { HIGHEST_DAYS, type HourTotal } from "./service-forecast";

export interface ServiceKey {
  service: string;
  environment: string;
}

/** The hour the forecast starts at: the current one, the last one the rollups may still change. */
export const forecastStart = (now: Date): number => Math.floor(now.getTime() / HOUR) * HOUR;

/**
 * Services and environments with traffic in the 30 days before `endMs`, in name order, after
 * `after` and at most `limit` of them.
 */
export async function readServiceKeys(
  endMs: number,
  filter: { service?: string; environment?: string; after?: string[]; limit: number },
): Promise<ServiceKey[]> {
  const { rows } = await pool().query<ServiceKey>(
    `SELECT service, environment FROM span_hour
      WHERE hour >= $1 AND hour < $2 AND ($3::text IS NULL OR service = $3) AND ($4::text IS NULL OR environment = $4)
        AND ($5::text IS NULL OR (service COLLATE "C", environment COLLATE "C") > ($5::text COLLATE "C", $6::text COLLATE "C"))
      GROUP BY 1, 2 ORDER BY service COLLATE "C", environment COLLATE "C" LIMIT $7`,
    [
      new Date(endMs - HIGHEST_DAYS * DAY),
      new Date(endMs),
      filter.service ?? null,
      filter.environment ?? null,
      filter.after?.[0] ?? null,
      filter.after?.[1] ?? null,
      filter.limit,
    ],
  );
  return rows;
}

const keyOf = (key: ServiceKey) => JSON.stringify([key.service, key.environment]);

/** Each key's complete hours of the 30 days before `endMs`: requests summed over its operations. */
export async function readServiceHours(keys: ServiceKey[], endMs: number): Promise<Map<string, HourTotal[]>> {
  const hours = new Map(keys.map((key) => [keyOf(key), [] as HourTotal[]]));
  if (!keys.length) return hours;
  const { rows } = await pool().query<ServiceKey & HourTotal>(
    `SELECT service, environment, (extract(epoch FROM hour) * 1000)::float8 AS t, sum(requests)::float8 AS requests
       FROM span_hour
      WHERE hour >= $1 AND hour < $2
        AND (service, environment) IN (SELECT * FROM unnest($3::text[], $4::text[]))
      GROUP BY 1, 2, 3`,
    [
      new Date(endMs - HIGHEST_DAYS * DAY),
      new Date(endMs),
      keys.map((key) => key.service),
      keys.map((key) => key.environment),
    ],
  );
  for (const row of rows) hours.get(keyOf(row))?.push({ t: row.t, requests: row.requests });
  return hours;
}

export const hoursOf = (hours: Map<string, HourTotal[]>, key: ServiceKey): HourTotal[] => hours.get(keyOf(key)) ?? [];
