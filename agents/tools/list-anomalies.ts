import { z } from "zod";
import { listAnomalies } from "@/lib/anomalies/list-anomalies";
import { ANOMALY_STATUSES, SERIES_NAMES } from "@/lib/anomalies/schemas";
import { filterText } from "./inputs";
import { boundedList, defineTool, MAX_ITEMS } from "./tool";

export const listAnomaliesTool = defineTool({
  name: "list_anomalies",
  description: "Anomalies detected in request rate, errors, latency, cost and watched metrics, newest first.",
  dataClass: "findings",
  inputSchema: z.strictObject({
    status: z
      .enum([...ANOMALY_STATUSES, "active", "all"])
      .default("active")
      .describe("active (default: not resolved), all, or one status"),
    service: filterText("Only this service"),
    series: z.enum(SERIES_NAMES).optional().describe("Only this series"),
  }),
  async run(ctx, input) {
    const page = await listAnomalies(ctx, { ...input, limit: MAX_ITEMS });
    return boundedList(page.items, page.nextCursor !== null);
  },
});
