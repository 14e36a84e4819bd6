import { fromScaled, multiplyDecimal, toScaled, units18 } from "@/lib/decimal";
import type { Resource } from "@/lib/zombies/evidence";
import { environmentOf, inEnvironmentList } from "@/lib/zombies/rules/environments";
import type { Thresholds } from "@/lib/zombies/thresholds";

export interface OffHoursSchedule {
  /** Local hour the resource stops on a working day (Custodian's offhours default: 19). */
  offHour: number;
  /** Local hour it starts again (Custodian's onhour default: 7). */
  onHour: number;
  /** Off all Saturday and Sunday (Custodian's default: weekends true). */
  weekends: boolean;
  /** IANA zone the hours are in; UTC unless given (Custodian defaults to US Eastern). */
  timezone: string;
}

export interface OffHoursProposal {
  schedule: OffHoursSchedule;
  /** The calendar month the figure is for, YYYY-MM (UTC), and its off hours in the schedule's zone. */
  month: string;
  offHours: number;
  hoursInMonth: number;
  currency: string;
  hourlyCost: string;
  /** hourlyCost × offHours, exact. */
  monthlySaving: string;
}

const COMPUTE = new Set(["ec2-instance", "rds-instance"]);
export const DEFAULT_SCHEDULE: OffHoursSchedule = { offHour: 19, onHour: 7, weekends: true, timezone: "UTC" };

interface LocalHour {
  month: string;
  weekday: string;
  hour: number;
}

function localClock(zone: string): (instant: Date) => LocalHour {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    weekday: "short",
    hour: "numeric",
    hourCycle: "h23",
  });
  return (instant) => {
    const part = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
    return { month: `${part.year}-${part.month}`, weekday: part.weekday, hour: Number(part.hour) };
  };
}

/** Whether the resource is stopped in the hour starting at this local time. */
function isOff(schedule: OffHoursSchedule, weekday: string, hour: number): boolean {
  if (schedule.weekends && (weekday === "Sat" || weekday === "Sun")) return true;
  const { offHour, onHour } = schedule;
  if (offHour === onHour) return false;
  return offHour > onHour ? hour >= offHour || hour < onHour : hour >= offHour && hour < onHour;
}

/**
 * Off hours in a calendar month of the schedule's zone: every real hour whose local date falls in
 * the month is read on the local clock, so a daylight-saving change shortens or lengthens a night
 * as it really does (Berlin's March has 743 hours). Hours step on UTC hour boundaries, so in a zone
 * offset by half an hour each counts by the local hour it starts in.
 */
export function offHoursIn(schedule: OffHoursSchedule, month: string): { offHours: number; hoursInMonth: number } {
  // A scan asks the same question for every resource: count a month's hours once.
  const key = JSON.stringify([schedule.offHour, schedule.onHour, schedule.weekends, schedule.timezone, month]);
  const known = counted.get(key);
  if (known) return { ...known };
  if (counted.size >= 256) counted.clear();
  const result = countOffHours(schedule, month);
  counted.set(key, result);
  return { ...result };
}

const counted = new Map<string, { offHours: number; hoursInMonth: number }>();

function countOffHours(schedule: OffHoursSchedule, month: string): { offHours: number; hoursInMonth: number } {
  const [year, monthIndex] = month.split("-").map(Number);
  const margin = 15 * 3_600_000;
  const clock = localClock(schedule.timezone);
  let offHours = 0;
  let hoursInMonth = 0;
  for (let t = Date.UTC(year, monthIndex - 1, 1) - margin; t < Date.UTC(year, monthIndex, 1) + margin; t += 3_600_000) {
    const local = clock(new Date(t));
    if (local.month !== month) continue;
    hoursInMonth += 1;
    if (isOff(schedule, local.weekday, local.hour)) offHours += 1;
  }
  return { offHours, hoursInMonth };
}

/** An amount per hour from a total over some hours, truncated (not rounded) at 18 places. */
export function hourlyCostOf(amount: string, hours: number): string {
  if (!Number.isInteger(hours) || hours <= 0) throw new Error("hours must be a positive integer");
  return fromScaled(units18(amount) / BigInt(hours));
}

function validSchedule(s: OffHoursSchedule): string | null {
  const hour = (h: number) => Number.isInteger(h) && h >= 0 && h <= 23;
  if (!hour(s.offHour) || !hour(s.onHour)) return "offHour and onHour must be whole hours from 0 to 23";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: s.timezone });
  } catch {
    return `unknown time zone ${JSON.stringify(s.timezone).slice(0, 80)}`;
  }
  return null;
}

/**
 * A stop-at-night-and-weekends schedule for a non-production instance or database, with what it
 * saves in the given month (default: the month `now` falls in). Null for anything else: production,
 * an environment not known as non-production, or a resource that is not compute.
 */
export function proposeOffHours(
  resource: Resource,
  cost: { hourlyCost: string; currency: string },
  thresholds: Thresholds,
  options: { schedule?: Partial<OffHoursSchedule>; month?: string; now?: Date } = {},
): OffHoursProposal | null {
  const environment = environmentOf(resource);
  if (!COMPUTE.has(resource.kind) || !inEnvironmentList(environment, thresholds.nonProductionEnvironments)) return null;
  if (inEnvironmentList(environment, thresholds.productionEnvironments)) return null;
  const schedule = { ...DEFAULT_SCHEDULE, ...options.schedule };
  const invalid = validSchedule(schedule);
  if (invalid) throw new Error(invalid);
  const month = options.month ?? (options.now ?? new Date()).toISOString().slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error("month must be YYYY-MM");
  const hourly = fromScaled(toScaled(cost.hourlyCost));
  const { offHours, hoursInMonth } = offHoursIn(schedule, month);
  const monthlySaving = fromScaled(units18(multiplyDecimal(hourly, String(offHours))));
  return { schedule, month, offHours, hoursInMonth, currency: cost.currency, hourlyCost: hourly, monthlySaving };
}
