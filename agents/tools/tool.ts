import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { DataClass } from "@/lib/settings/agent-settings-schema";

/**
 * A read-only tool the agent (and the MCP server) may call: its input schema is given to the model
 * as JSON Schema, and `run` calls one lib read verb with the agent's own read-only actor.
 */
export interface AgentTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  /** Which admin-chosen data class its output belongs to: a class not allowed is never sent. */
  dataClass: DataClass;
  inputSchema: S;
  run(ctx: Ctx, input: z.output<S>): Promise<unknown>;
}

/** Declares a tool, keeping the input type of `run` tied to its schema. */
export function defineTool<S extends z.ZodType>(tool: AgentTool<S>): AgentTool<S> {
  return tool;
}

/** Items a list tool returns at most; the rest is counted, never silently dropped. */
export const MAX_ITEMS = 25;
/** Characters one string field keeps; longer telemetry or tag values are cut and marked. */
export const MAX_STRING = 500;
/** Characters one tool result keeps as JSON: past this, trailing items are dropped and said so. */
export const MAX_RESULT_CHARS = 24_000;

/** A page of items cut to `max`, saying how many were left out and whether more exist beyond. */
export function boundedList<T>(items: readonly T[], hasMore: boolean, max = MAX_ITEMS) {
  const shown = items.slice(0, max);
  return {
    items: shown,
    truncated: items.length > max || hasMore,
    note:
      items.length > max || hasMore
        ? `Showing ${shown.length} items; more exist: narrow the filters to see others.`
        : `All ${shown.length} items.`,
  };
}
