import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { parseInput } from "../validation";
import { AgentSettingsInput, DEFAULT_DATA_CLASSES } from "./agent-settings-schema";

/** Chooses which data classes may leave the building (admins); audited with before and after. */
export async function updateAgentSettings(ctx: Ctx, input: unknown) {
  authorize(ctx, "settings:manage");
  const { dataClasses } = parseInput(AgentSettingsInput, input);
  return sqlTransaction(async (client) => {
    const before = await client.query<{ data_classes: string[] }>(
      "SELECT data_classes FROM agent_settings WHERE id = 1 FOR UPDATE",
    );
    await client.query(
      `INSERT INTO agent_settings (id, data_classes, updated_by) VALUES (1, $1::text[], $2)
       ON CONFLICT (id) DO UPDATE SET data_classes = excluded.data_classes,
         updated_by = excluded.updated_by, updated_at = now()`,
      [dataClasses, ctx.actor.label],
    );
    await recordAudit(client, ctx, {
      action: "agent.settings_change",
      target: { type: "agent_settings", id: "1" },
      summary: {
        before: { dataClasses: before.rows[0]?.data_classes ?? [...DEFAULT_DATA_CLASSES] },
        after: { dataClasses },
      },
    });
    return { dataClasses };
  });
}
