import { z } from "zod";
import { DRIFT_CAUSES, DRIFT_KINDS } from "@/lib/drift/schemas";
import { listDrift } from "@/lib/drift/list-drift";
import { filterText } from "./inputs";
import { boundedList, defineTool, MAX_ITEMS } from "./tool";

export const listDriftTool = defineTool({
  name: "list_drift",
  description:
    "Drift between Terraform and the cloud: changed, missing and unmanaged resources with their likely cause.",
  dataClass: "findings",
  inputSchema: z.strictObject({
    status: z.enum(["open", "resolved", "all"]).default("open").describe("open (default), resolved or all"),
    workspace: filterText("Only this Terraform workspace"),
    kind: z.enum(DRIFT_KINDS).optional().describe("Only this kind of drift"),
    cause: z.enum(DRIFT_CAUSES).optional().describe("Only this likely cause"),
  }),
  async run(ctx, input) {
    const page = await listDrift(ctx, { ...input, limit: MAX_ITEMS });
    return boundedList(page.items, page.next !== null);
  },
});
