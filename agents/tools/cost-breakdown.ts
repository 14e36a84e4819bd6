import { z } from "zod";
import { costExplorer } from "@/lib/attribution/cost-explorer";
import { GROUPS, type GroupKey } from "@/lib/attribution/schemas";
import { daysBack, dayWindow } from "./inputs";
import { boundedList, defineTool } from "./tool";

const GROUP_KEYS = Object.keys(GROUPS) as [GroupKey, ...GroupKey[]];

export const costBreakdownTool = defineTool({
  name: "cost_breakdown",
  description:
    "Allocated cloud spend over the last days grouped by one dimension, with the total, the spend no feature owns (__unallocated__) and its share, and the week's movers.",
  dataClass: "costs",
  inputSchema: z.strictObject({
    groupBy: z.enum(GROUP_KEYS).default("feature").describe("The dimension to group by; default feature"),
    days: daysBack,
  }),
  async run(ctx, input) {
    const view = await costExplorer(ctx, { ...dayWindow(input.days), groupBy: input.groupBy, expand: true });
    const breakdown = boundedList(view.breakdown, view.breakdownKeys > view.breakdown.length);
    return {
      from: view.from,
      to: view.to,
      groupBy: view.groupBy,
      metric: view.metric,
      total: view.total,
      unallocated: view.unallocated,
      unallocatedPercent: view.unallocatedPercent,
      averagePerDay: view.averagePerDay,
      items: breakdown.items,
      truncated: breakdown.truncated,
      note: breakdown.note,
      movers: view.movers.slice(0, 10),
    };
  },
});
