import type { RegularSeries } from "@/lib/anomalies/series";
import { DAY } from "@/lib/anomalies/series";
import type { WeeklyGrouping } from "@/lib/anomalies/seasonal-slots";

/** Each weekday on its own needs each to have been seen a few times: four weeks of data. */
export const DAY_OF_WEEK_DAYS = 28;

/**
 * Day of week when the series holds data on at least four weeks' worth of days, else weekdays
 * against weekends (which a week or two of history already shows).
 */
export function weeklyGrouping(series: RegularSeries): WeeklyGrouping {
  const days = new Set<number>();
  for (let i = 0; i < series.values.length; i++) {
    if (series.values[i] === series.values[i]) days.add(Math.floor((series.startMs + i * series.stepMs) / DAY));
  }
  return days.size >= DAY_OF_WEEK_DAYS ? "day-of-week" : "day-type";
}
