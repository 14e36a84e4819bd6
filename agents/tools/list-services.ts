import { z } from "zod";
import { listServices } from "@/lib/services/list-services";
import { defineTool, boundedList, MAX_ITEMS } from "./tool";

export const listServicesTool = defineTool({
  name: "list_services",
  description: "The services Vigil knows, with their owning team, tier and description.",
  dataClass: "inventory",
  inputSchema: z.strictObject({}),
  async run(ctx) {
    const page = await listServices(ctx, { limit: MAX_ITEMS });
    return boundedList(page.items, page.nextCursor !== null);
  },
});
