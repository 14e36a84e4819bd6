import { z } from "zod";
import { getAnomaly } from "@/lib/anomalies/get-anomaly";
import { recordId } from "./inputs";
import { defineTool } from "./tool";

export const getAnomalyTool = defineTool({
  name: "get_anomaly",
  description: "One anomaly: its series against the expected band, likely causes (deployments, drift, attributes).",
  dataClass: "telemetry",
  inputSchema: z.strictObject({ id: recordId("The anomaly's id, from list_anomalies") }),
  run: (ctx, input) => getAnomaly(ctx, input.id),
});
