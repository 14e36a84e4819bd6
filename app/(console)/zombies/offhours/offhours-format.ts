// How the Off-hours tab words a schedule: the hours it is stopped, in its own time zone.

interface Schedule {
  offHour: number;
  onHour: number;
  weekends: boolean;
  timezone: string;
}

const clock = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** "off 19:00–07:00 and weekends, UTC"; "off weekends, UTC" when the nights are not stopped. */
export function scheduleText(schedule: Schedule): string {
  const nights = schedule.offHour === schedule.onHour ? null : `${clock(schedule.offHour)}–${clock(schedule.onHour)}`;
  const parts = [nights, schedule.weekends ? "weekends" : null].filter(Boolean);
  if (!parts.length) return `never off, ${schedule.timezone}`;
  return `off ${parts.join(" and ")}, ${schedule.timezone}`;
}

/** "2026-12" as "December 2026". */
export function monthText(month: string): string {
  const [year, index] = month.split("-").map(Number);
  if (!year || !index) return month;
  return new Date(Date.UTC(year, index - 1, 1)).toLocaleString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}
