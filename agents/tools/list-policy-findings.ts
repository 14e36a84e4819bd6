import { z } from "zod";
import { listFindings } from "@/lib/policy/list-findings";
import { FINDING_SEVERITIES, FINDING_STATUSES, TOOLS } from "@/lib/policy/schemas";
import { filterText } from "./inputs";
import { boundedList, defineTool, MAX_ITEMS } from "./tool";

export const listPolicyFindingsTool = defineTool({
  name: "list_policy_findings",
  description: "Policy findings on Terraform resources (Vigil's rules and imported scanners), most severe first.",
  dataClass: "findings",
  inputSchema: z.strictObject({
    status: z
      .enum([...FINDING_STATUSES, "all"])
      .default("open")
      .describe("open (default), resolved, waived or all"),
    severity: z.enum(FINDING_SEVERITIES).optional().describe("Only this severity"),
    tool: z.enum(TOOLS).optional().describe("Only findings of this scanner"),
    environment: filterText("Only this environment"),
  }),
  async run(ctx, input) {
    const page = await listFindings(ctx, { ...input, limit: MAX_ITEMS });
    return boundedList(page.items, page.nextCursor !== null);
  },
});
