import { authorize, type Ctx } from "../context";
import { readForecastSettings } from "./read-forecast-settings";
import { DEFAULT_MARGIN_PERCENT } from "./schemas";

/** The capacity margin in effect, its default, and who set it. */
export async function getForecastSettings(ctx: Ctx) {
  authorize(ctx, "read");
  return { ...(await readForecastSettings()), defaultCapacityMarginPercent: DEFAULT_MARGIN_PERCENT };
}
