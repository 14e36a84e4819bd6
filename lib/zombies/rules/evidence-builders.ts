import { addDays, utcDay } from "@/lib/time";
import type { DailyStat, Evidence, Resource } from "@/lib/zombies/evidence";

/** Hand-made evidence for the rules' unit tests: a fixed now and the days of its windows. */
export const NOW = new Date("2026-03-15T12:00:00Z");

/** The last `count` complete UTC days before `now`, oldest first (a rule's window). */
export function lastDays(count: number, now: Date = NOW): string[] {
  const today = utcDay(now);
  return Array.from({ length: count }, (_, i) => addDays(today, i - count));
}

export const stat = (value: number, count = 1440): DailyStat => ({ avg: value, max: value, sum: value, count });

/** A metric series over the last values.length days; null leaves the day out (no data). */
export function series(values: Array<number | null>, make: (v: number) => DailyStat = stat, now: Date = NOW) {
  const days = lastDays(values.length, now);
  return Object.fromEntries(days.flatMap((day, i) => (values[i] === null ? [] : [[day, make(values[i]!)]])));
}

export function resource(over: Partial<Resource> = {}): Resource {
  return { key: "aws:test", provider: "aws", kind: "ec2-instance", resourceId: "i-0abc", tags: {}, facts: {}, ...over };
}

export function evidence(over: Partial<Omit<Evidence, "resource">> & { resource?: Partial<Resource> } = {}): Evidence {
  const { resource: r, ...rest } = over;
  return { metrics: {}, costs: {}, ...rest, resource: resource(r) };
}
