import { z } from "zod";
import { getDrift } from "@/lib/drift/get-drift";
import { recordId } from "./inputs";
import { defineTool } from "./tool";

export const getDriftTool = defineTool({
  name: "get_drift",
  description: "One drift record: the attributes that differ, its cause, and its cost, policy and trace impact.",
  dataClass: "findings",
  inputSchema: z.strictObject({ id: recordId("The drift record's id, from list_drift") }),
  run: (ctx, input) => getDrift(ctx, input.id),
});
