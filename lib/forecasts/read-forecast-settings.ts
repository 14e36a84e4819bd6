import { pool } from "../db";
import { DEFAULT_MARGIN_PERCENT } from "./schemas";

export interface ForecastSettings {
  capacityMarginPercent: number;
  /** Who last changed it and when; null while the default holds. */
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The stored settings, or the defaults when none were stored. */
export async function readForecastSettings(): Promise<ForecastSettings> {
  const { rows } = await pool().query<{ capacity_margin_percent: number; updated_by: string; updated_at: Date }>(
    "SELECT capacity_margin_percent, updated_by, updated_at FROM forecast_settings WHERE id = 1",
  );
  const row = rows[0];
  return {
    capacityMarginPercent: row?.capacity_margin_percent ?? DEFAULT_MARGIN_PERCENT,
    updatedBy: row?.updated_by ?? null,
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}
