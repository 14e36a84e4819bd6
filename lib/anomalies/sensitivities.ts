import type pg from "pg";
import type { SeriesName } from "./schemas";

// Sensitivity per service and series: a row for the service wins over the '*' row, and with
// neither a series is judged at medium.

export type SensitivityLevel = "low" | "medium" | "high" | "off";

export async function readSensitivities(
  client: Pick<pg.ClientBase, "query">,
): Promise<(service: string, series: SeriesName) => SensitivityLevel> {
  const { rows } = await client.query<{ service: string; series: SeriesName; level: SensitivityLevel }>(
    "SELECT service, series, level FROM anomaly_sensitivity",
  );
  const levels = new Map(rows.map((row) => [`${row.service}\u0000${row.series}`, row.level]));
  return (service, series) => levels.get(`${service}\u0000${series}`) ?? levels.get(`*\u0000${series}`) ?? "medium";
}
