import { z } from "zod";
import { getZombie } from "@/lib/zombies/get-zombie";
import { recordId } from "./inputs";
import { defineTool } from "./tool";

export const getZombieFindingTool = defineTool({
  name: "get_zombie_finding",
  description: "One zombie finding with its full evidence (activity, billing, metrics), protections and history.",
  dataClass: "findings",
  inputSchema: z.strictObject({ id: recordId("The finding's id, from list_zombie_findings") }),
  run: (ctx, input) => getZombie(ctx, input.id),
});
