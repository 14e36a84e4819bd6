import type { Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import type { DataClass } from "@/lib/settings/agent-settings-schema";
import { asData } from "./data-markers";
import { redactValue } from "./redact";
import { boundOutput } from "./tools/bound-output";
import { toolByName } from "./tools/registry";

export interface ToolCallResult {
  /** What the model (or the MCP client) is sent: data markers around redacted, bounded JSON. */
  content: string;
  /** A name outside the read-only registry: nothing ran. */
  refused: boolean;
  isError: boolean;
  redactions: number;
}

const nameOf = (name: string) => JSON.stringify(name.slice(0, 80));

function failure(content: string, refused = false): ToolCallResult {
  return { content, refused, isError: true, redactions: 0 };
}

/**
 * Runs one tool call from a model: refused unless the name is a read-only tool, its arguments
 * checked against the tool's schema, withheld when its data class may not leave the building,
 * and its result redacted, bounded and wrapped as data. Errors say what went wrong, never a stack.
 */
export async function callTool(
  ctx: Ctx,
  name: string,
  args: unknown,
  allowed: readonly DataClass[],
): Promise<ToolCallResult> {
  if (ctx.actor.kind !== "agent") throw new Error("callTool: tools run with the agent's own actor only");
  const tool = toolByName(name);
  if (!tool) return failure(`Refused: ${nameOf(name)} is not one of Vigil's read-only tools.`, true);
  const parsed = tool.inputSchema.safeParse(args ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`);
    return failure(`Invalid arguments for ${tool.name}: ${problems.join("; ")}`);
  }
  if (!allowed.includes(tool.dataClass))
    return failure(`Withheld: an admin setting keeps ${tool.dataClass} data inside Vigil.`);
  try {
    const result = await tool.run(ctx, parsed.data);
    const redacted = redactValue(result);
    return {
      content: asData(tool.name, boundOutput(redacted.value)),
      refused: false,
      isError: false,
      redactions: redacted.count,
    };
  } catch (err) {
    if (err instanceof VigilError) return failure(`Error from ${tool.name}: ${err.code}: ${err.message}`);
    console.error(`agent tool ${tool.name} failed`, err);
    return failure(`Error from ${tool.name}: the tool failed.`);
  }
}
