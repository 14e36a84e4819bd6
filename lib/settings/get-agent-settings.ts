import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { type AgentSettings, DATA_CLASSES, type DataClass, DEFAULT_DATA_CLASSES } from "./agent-settings-schema";

/**
 * The data classes that may leave the building. Any reader may ask: the agent and the MCP server
 * read it with their own read-only actor before sending anything.
 */
export async function getAgentSettings(ctx: Ctx): Promise<AgentSettings> {
  authorize(ctx, "read");
  const { rows } = await pool().query<{
    data_classes: string[];
    model_enabled: boolean;
    updated_by: string;
    updated_at: Date;
  }>("SELECT data_classes, model_enabled, updated_by, updated_at FROM agent_settings WHERE id = 1");
  const row = rows[0];
  if (!row) return { dataClasses: [...DEFAULT_DATA_CLASSES], modelEnabled: true, updatedBy: null, updatedAt: null };
  return {
    dataClasses: DATA_CLASSES.filter((name): name is DataClass => row.data_classes.includes(name)),
    modelEnabled: row.model_enabled,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
  };
}
