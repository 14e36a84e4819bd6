import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { parseInput } from "../validation";
import { AgentSettingsInput, DEFAULT_DATA_CLASSES } from "./agent-settings-schema";

/**
 * Chooses which data classes may leave the building and whether the configured model is used
 * (admins); a field left out keeps its value. Audited with before and after.
 */
export async function updateAgentSettings(ctx: Ctx, input: unknown) {
  authorize(ctx, "settings:manage");
  const change = parseInput(AgentSettingsInput, input);
  return sqlTransaction(async (client) => {
    const { rows } = await client.query<{ data_classes: string[]; model_enabled: boolean }>(
      "SELECT data_classes, model_enabled FROM agent_settings WHERE id = 1 FOR UPDATE",
    );
    const before = rows[0]
      ? { dataClasses: rows[0].data_classes, modelEnabled: rows[0].model_enabled }
      : { dataClasses: [...DEFAULT_DATA_CLASSES], modelEnabled: true };
    const after = {
      dataClasses: change.dataClasses ?? before.dataClasses,
      modelEnabled: change.modelEnabled ?? before.modelEnabled,
    };
    await client.query(
      `INSERT INTO agent_settings (id, data_classes, model_enabled, updated_by) VALUES (1, $1::text[], $2, $3)
       ON CONFLICT (id) DO UPDATE SET data_classes = excluded.data_classes, model_enabled = excluded.model_enabled,
         updated_by = excluded.updated_by, updated_at = now()`,
      [after.dataClasses, after.modelEnabled, ctx.actor.label],
    );
    await recordAudit(client, ctx, {
      action: "agent.settings_change",
      target: { type: "agent_settings", id: "1" },
      summary: { before, after },
    });
    return after;
  });
}
