import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { parseInput } from "../validation";
import { SensitivityInput } from "./schemas";

// Saves a service's (or every service's) sensitivity for one series, audited with the level it
// replaced; the next scan uses it.

export async function setSensitivity(ctx: Ctx, input: unknown) {
  authorize(ctx, "anomalies:triage");
  const { service, series, level } = parseInput(SensitivityInput, input);
  return sqlTransaction(async (client) => {
    const before = await client.query<{ level: string }>(
      "SELECT level FROM anomaly_sensitivity WHERE service = $1 AND series = $2 FOR UPDATE",
      [service, series],
    );
    await client.query(
      `INSERT INTO anomaly_sensitivity (service, series, level, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (service, series) DO UPDATE SET level = excluded.level, updated_by = excluded.updated_by, updated_at = now()`,
      [service, series, level, ctx.actor.label],
    );
    await recordAudit(client, ctx, {
      action: "anomaly.sensitivity_set",
      target: { type: "anomaly_sensitivity", id: `${service}/${series}` },
      summary: { level: { from: before.rows[0]?.level ?? null, to: level } },
    });
    return { service, series, level };
  });
}
