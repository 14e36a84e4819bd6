import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { parseInput } from "../validation";
import { DEFAULT_MARGIN_PERCENT, ForecastSettingsInput } from "./schemas";

/** Sets the capacity margin (admins); audited with the value before and after. */
export async function updateForecastSettings(ctx: Ctx, input: unknown) {
  authorize(ctx, "settings:manage");
  const { capacityMarginPercent } = parseInput(ForecastSettingsInput, input);
  return sqlTransaction(async (client) => {
    const before = await client.query<{ capacity_margin_percent: number }>(
      "SELECT capacity_margin_percent FROM forecast_settings WHERE id = 1 FOR UPDATE",
    );
    await client.query(
      `INSERT INTO forecast_settings (id, capacity_margin_percent, updated_by) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET capacity_margin_percent = excluded.capacity_margin_percent,
         updated_by = excluded.updated_by, updated_at = now()`,
      [capacityMarginPercent, ctx.actor.label],
    );
    await recordAudit(client, ctx, {
      action: "forecast.settings_change",
      target: { type: "forecast_settings", id: "1" },
      summary: {
        before: { capacityMarginPercent: before.rows[0]?.capacity_margin_percent ?? DEFAULT_MARGIN_PERCENT },
        after: { capacityMarginPercent },
      },
    });
    return { capacityMarginPercent, defaultCapacityMarginPercent: DEFAULT_MARGIN_PERCENT };
  });
}
