import { z } from "zod";
import { serviceSpend } from "@/lib/services/service-spend";
import { daysBack, dayWindow } from "./inputs";
import { defineTool } from "./tool";

export const serviceSpendTool = defineTool({
  name: "service_spend",
  description: "One service's allocated cloud spend over the last days.",
  dataClass: "costs",
  inputSchema: z.strictObject({
    service: z.string().min(1).max(200).describe("The service's name, as list_services gives it"),
    days: daysBack,
  }),
  run: (ctx, input) => serviceSpend(ctx, { service: input.service, ...dayWindow(input.days) }),
});
