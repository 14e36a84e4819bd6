import { authorize, type Ctx } from "../context";
import { parseInput } from "../validation";
import { readForecastSettings } from "./read-forecast-settings";
import { forecastStart, hoursOf, readServiceHours, readServiceKeys, type ServiceKey } from "./read-service-hours";
import { type CapacityWarning, CapacityWarningsInput, type Headroom } from "./schemas";
import { serviceForecast } from "./service-forecast";

/** Services forecast at a time: a month of hours each, so memory stays bounded. */
const CHUNK = 50;
/** Past this many services and environments the list says it stopped. */
const MAX_KEYS = 2000;
/** The services nearest their 30-day high, shown even when none warns. */
const NEAREST = 10;

/**
 * Every service and environment whose forecast passes the last 30 days' highest hour by the
 * configured margin (or the one asked for): "expected" before "possible", then the soonest first.
 */
export async function listCapacityWarnings(
  ctx: Ctx,
  input: CapacityWarningsInput = {},
  now: Date = new Date(),
): Promise<{
  items: CapacityWarning[];
  nearest: Headroom[];
  marginPercent: number;
  checked: number;
  truncated: boolean;
}> {
  authorize(ctx, "read");
  const query = parseInput(CapacityWarningsInput, input);
  const endMs = forecastStart(now);
  const margin = query.margin ?? (await readForecastSettings()).capacityMarginPercent;
  const items: CapacityWarning[] = [];
  const nearest: Headroom[] = [];
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
      const forecast = serviceForecast(key, hoursOf(hours, key), endMs, margin);
      if (forecast.capacity) items.push(forecast.capacity);
      const headroom = headroomOf(forecast);
      if (headroom) nearest.push(headroom);
    }
    checked += keys.length;
    after = keys.at(-1);
    if (keys.length < CHUNK) break;
  }
  items.sort(
    (a, b) => (a.level === b.level ? 0 : a.level === "expected" ? -1 : 1) || firstAt(a).localeCompare(firstAt(b)),
  );
  nearest.sort((a, b) => b.peakPercent - a.peakPercent);
  return { items, nearest: nearest.slice(0, NEAREST), marginPercent: margin, checked, truncated: checked >= MAX_KEYS };
}

function headroomOf(forecast: ReturnType<typeof serviceForecast>): Headroom | null {
  if (forecast.state !== "ready" || forecast.highest <= 0 || !forecast.points.length) return null;
  const peakExpected = Math.max(...forecast.points.map((point) => point.expected));
  return {
    service: forecast.service,
    environment: forecast.environment,
    highest: forecast.highest,
    peakExpected,
    peakPercent: Math.round((peakExpected / forecast.highest) * 1000) / 10,
  };
}

const firstAt = (warning: CapacityWarning) => warning.expectedAt ?? warning.upperAt;
