/** UTC calendar helpers; Vigil stores and computes every time in UTC. */

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return utcDay(date);
}

export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The first day of the month a timestamp falls in, and of the next: the billing period when an export has none. */
export function monthOf(iso: string): { start: string; end: string } {
  const date = new Date(iso);
  const start = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  const end = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return { start: start.toISOString(), end: end.toISOString() };
}

/**
 * "The last N days" everywhere in the console: N complete UTC days ending yesterday (bills and
 * allocations lag a day, so today would read low). `to` is exclusive: today.
 */
export function completeDays(days: number, today: string = utcDay(new Date())): { from: string; to: string } {
  return { from: addDays(today, -days), to: today };
}
