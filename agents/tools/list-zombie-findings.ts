import { z } from "zod";
import { listZombies } from "@/lib/zombies/list-zombies";
import { filterText } from "./inputs";
import { boundedList, defineTool, MAX_ITEMS } from "./tool";

export const listZombieFindingsTool = defineTool({
  name: "list_zombie_findings",
  description:
    "Zombie (idle or orphaned) resource findings with their rule, evidence and estimated monthly savings, largest saving first.",
  dataClass: "findings",
  inputSchema: z.strictObject({
    status: z.enum(["open", "all"]).default("open").describe("open (default) or all"),
    rule: filterText("Only findings of this rule"),
    team: filterText("Only this owning team"),
    environment: filterText("Only this environment"),
    q: filterText("Text to look for in the resource's address, name or id"),
  }),
  async run(ctx, input) {
    const page = await listZombies(ctx, { ...input, limit: MAX_ITEMS });
    return boundedList(page.items, page.nextCursor !== null);
  },
});
