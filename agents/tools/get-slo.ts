import { z } from "zod";
import { getSlo } from "@/lib/slo/get-slo";
import { defineTool } from "./tool";

export const getSloTool = defineTool({
  name: "get_slo",
  description: "One SLO: its definition, burn rates, error budget and alert history.",
  dataClass: "findings",
  inputSchema: z.strictObject({
    id: z
      .string()
      .regex(/^[1-9][0-9]{0,17}$/, "must be an SLO id (digits)")
      .describe("The SLO's id, from list_slos"),
  }),
  run: (ctx, input) => getSlo(ctx, input.id),
});
