import { WINDOWS as COST_WINDOWS } from "../costs/costs-href";
import { WINDOWS as SERVICE_WINDOWS } from "../services/_red/windows";
import { RANGES } from "../traces/params";
import type { WindowParam } from "./keep-window";

/** The areas whose pages take a window from their address, with the values each understands. */
export const WINDOW_PARAMS: Record<string, WindowParam> = {
  "/services": { param: "window", values: Object.keys(SERVICE_WINDOWS) },
  "/service-map": { param: "window", values: Object.keys(SERVICE_WINDOWS) },
  "/traces": { param: "range", values: Object.keys(RANGES) },
  "/costs": { param: "window", values: Object.keys(COST_WINDOWS) },
  "/delivery": { param: "window", values: Object.keys(COST_WINDOWS) },
};
