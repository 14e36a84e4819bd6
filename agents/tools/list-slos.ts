import { z } from "zod";
import { listSlos } from "@/lib/slo/list-slos";
import { filterText } from "./inputs";
import { boundedList, defineTool, MAX_ITEMS } from "./tool";

export const listSlosTool = defineTool({
  name: "list_slos",
  description: "Service level objectives with their current status and error budget, by name.",
  dataClass: "findings",
  inputSchema: z.strictObject({ service: filterText("Only this service's SLOs") }),
  async run(ctx, input) {
    const page = await listSlos(ctx, { ...input, limit: MAX_ITEMS });
    return boundedList(page.items, page.nextCursor !== null);
  },
});
