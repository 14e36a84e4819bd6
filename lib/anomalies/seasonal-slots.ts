import { DAY, HOUR, MINUTE, type RegularSeries } from "@/lib/anomalies/series";

/**
 * How days are grouped for the weekly part of the season: weekdays against weekends (Saturday and
 * Sunday) needs only a few days of history, each day of the week on its own needs weeks.
 */
export type WeeklyGrouping = "day-type" | "day-of-week";

export interface SlotOptions {
  weekly?: WeeklyGrouping;
  /** Days (any ms within them, local to the offset below) scored as a Sunday: public holidays. */
  holidays?: readonly number[];
  /** Minutes east of UTC where the traffic's day starts (a European service: 60). */
  utcOffsetMinutes?: number;
}

/**
 * Where each point falls in the season. A slot is (day group, hour of day), or just the day group
 * for daily series. Expected values are interpolated between the centres of the two slots around
 * a point (`a`, `b`, weight `w` on `b`) so a ramp within an hour is not read as noise.
 */
export interface SlotLayout {
  slots: number;
  /** Day groups of the season (2 or 7). */
  groups: number;
  own: Uint16Array;
  a: Uint16Array;
  b: Uint16Array;
  w: Float64Array;
  /** Index of the local day each point falls in, from the epoch. */
  day: Int32Array;
}

/** Width of one slot: an hour for sub-daily series, a day otherwise. */
export function slotWidth(stepMs: number): number {
  if (stepMs >= DAY || DAY % Math.max(stepMs, HOUR) !== 0) return DAY;
  return Math.max(stepMs, HOUR);
}

function dayGroup(dayIndex: number, weekly: WeeklyGrouping, holidays: ReadonlySet<number>): number {
  const weekday = holidays.has(dayIndex) ? 0 : (((dayIndex + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  if (weekly === "day-of-week") return weekday;
  return weekday === 0 || weekday === 6 ? 1 : 0;
}

export function slotLayout(series: RegularSeries, options: SlotOptions = {}): SlotLayout {
  const weekly = options.weekly ?? "day-type";
  const offset = (options.utcOffsetMinutes ?? 0) * MINUTE;
  const holidays = new Set((options.holidays ?? []).map((t) => Math.floor((t + offset) / DAY)));
  const width = slotWidth(series.stepMs);
  const perDay = DAY / width;
  const groups = weekly === "day-of-week" ? 7 : 2;
  const n = series.values.length;
  const layout: SlotLayout = {
    slots: groups * perDay,
    groups,
    own: new Uint16Array(n),
    a: new Uint16Array(n),
    b: new Uint16Array(n),
    w: new Float64Array(n),
    day: new Int32Array(n),
  };
  const slotOf = (position: number) => {
    const dayIndex = Math.floor(position / perDay);
    return dayGroup(dayIndex, weekly, holidays) * perDay + (position - dayIndex * perDay);
  };
  for (let i = 0; i < n; i++) {
    const centre = series.startMs + i * series.stepMs + series.stepMs / 2 + offset;
    const position = Math.floor(centre / width);
    layout.day[i] = Math.floor(centre / DAY);
    layout.own[i] = slotOf(position);
    if (perDay === 1) {
      layout.a[i] = layout.b[i] = layout.own[i];
      continue;
    }
    const u = centre / width - 0.5;
    const left = Math.floor(u);
    layout.a[i] = slotOf(left);
    layout.b[i] = slotOf(left + 1);
    layout.w[i] = u - left;
    // Across midnight into a day of another group (Friday into Saturday) the season may change
    // abruptly: the point extrapolates from its own day's two nearest slots instead.
    if (perDay > 2 && Math.floor(layout.a[i] / perDay) !== Math.floor(layout.b[i] / perDay)) {
      const shift = layout.own[i] === layout.a[i] ? -1 : 1;
      layout.a[i] = slotOf(left + shift);
      layout.b[i] = slotOf(left + shift + 1);
      layout.w[i] -= shift;
    }
  }
  return layout;
}
