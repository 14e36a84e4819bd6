import { authorize, type Ctx } from "../context";
import { parseInput } from "../validation";
import { readForecastSettings } from "./read-forecast-settings";
import { forecastStart, hoursOf, readServiceHours, readServiceKeys, type ServiceKey } from "./read-service-hours";
import { type CapacityWarning, CapacityWarningsInput } from "./schemas";
import { serviceForecast } from "./service-forecast";

/** Services forecast at a time: a month of hours each, so memory stays bounded. */
const CHUNK = 50;
/** Past this many services and environments the list says it stopped. */
const MAX_KEYS = 2000;

/**
 * Every service and environment whose forecast passes the last 30 days' highest hour by the
 * configured margin: "expected" before "possible", then the soonest first.
 */
export async function listCapacityWarnings(
  ctx: Ctx,
  input: CapacityWarningsInput = {},
  now: Date = new Date(),
): Promise<{ items: CapacityWarning[]; marginPercent: number; checked: number; truncated: boolean }> {
  authorize(ctx, "read");
  const query = parseInput(CapacityWarningsInput, input);
  const endMs = forecastStart(now);
  const { capacityMarginPercent: margin } = await readForecastSettings();
  const items: CapacityWarning[] = [];
  let after: ServiceKey | undefined;
  let checked = 0;
  while (checked < MAX_KEYS) {
    const keys = await readServiceKeys(endMs, {
      environment: query.environment,
      after: after && [after.service, after.environment],
      limit: CHUNK,
    });
    if (!keys.length) break;
    const hours = await readServiceHours(keys, endMs);
    for (const key of keys) {
      const warning = serviceForecast(key, hoursOf(hours, key), endMs, margin).capacity;
      if (warning) items.push(warning);
    }
    checked += keys.length;
    after = keys.at(-1);
    if (keys.length < CHUNK) break;
  }
  items.sort(
    (a, b) => (a.level === b.level ? 0 : a.level === "expected" ? -1 : 1) || firstAt(a).localeCompare(firstAt(b)),
  );
  return { items, marginPercent: margin, checked, truncated: checked >= MAX_KEYS };
}

const firstAt = (warning: CapacityWarning) => warning.expectedAt ?? warning.upperAt;
