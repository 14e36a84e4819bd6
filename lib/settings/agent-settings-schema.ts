import { z } from "zod";

/**
 * What may leave the building, by where it comes from: span summaries and attributes (telemetry),
 * bills and spend (costs), resource addresses, names and tags (inventory), and what Vigil's rules
 * found (zombies, drift, policy, anomalies, SLOs). Secret-looking values are redacted in all of them.
 */
export const DATA_CLASSES = ["telemetry", "costs", "inventory", "findings"] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** Until an admin chooses, every class may be sent: the agent is useless without any. */
export const DEFAULT_DATA_CLASSES: readonly DataClass[] = DATA_CLASSES;

/** A change of either field; the one left out keeps its value. */
export const AgentSettingsInput = z
  .strictObject({
    dataClasses: z
      .array(z.enum(DATA_CLASSES))
      .max(DATA_CLASSES.length)
      .optional()
      .describe("The data classes the agent may send to its model and the MCP server may answer with"),
    modelEnabled: z
      .boolean()
      .optional()
      .describe("Use the configured model; false runs the rule-based templates even when a model is configured"),
  })
  .refine((input) => input.dataClasses !== undefined || input.modelEnabled !== undefined, {
    message: "give dataClasses, modelEnabled or both",
  })
  .transform((input) => ({
    dataClasses: input.dataClasses && DATA_CLASSES.filter((name) => input.dataClasses?.includes(name)),
    modelEnabled: input.modelEnabled,
  }));
export type AgentSettingsInput = z.input<typeof AgentSettingsInput>;

export interface AgentSettings {
  dataClasses: DataClass[];
  /** False when an admin switched the configured model off: the agent is rule-based then. */
  modelEnabled: boolean;
  /** Who last changed them and when; null while the defaults hold. */
  updatedBy: string | null;
  updatedAt: string | null;
}
