import { z } from "zod";
import { listInventory } from "@/lib/costs/list-inventory";
import { daysBack, dayWindow, filterText } from "./inputs";
import { boundedList, defineTool, MAX_ITEMS } from "./tool";

export const listInventoryTool = defineTool({
  name: "list_inventory",
  description:
    "Resources managed by Terraform (address, type, cloud id, tags) with their cost over the last days, costliest first.",
  dataClass: "inventory",
  inputSchema: z.strictObject({
    q: filterText("Text to look for in the address, type or cloud id"),
    days: daysBack,
  }),
  async run(ctx, input) {
    const page = await listInventory(ctx, { ...dayWindow(input.days), q: input.q, limit: MAX_ITEMS });
    return { ...boundedList(page.items, page.total > page.items.length), total: page.total };
  },
});
