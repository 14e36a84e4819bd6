import type { Resource } from "@/lib/zombies/evidence";

export type ExpiryReading =
  { key: string; value: string; at: Date; relative: boolean } | { key: string; value: string; ignored: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DURATION = /^(\d{1,6})\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/**
 * One expiry tag's moment. Absolute: a date (expires when that UTC day ends), or a date-time (UTC
 * unless it carries an offset). Relative: a duration such as `7d`, `12h`, `2w`, `90m`, counted from
 * the resource's creation. Anything else is ignored with the reason, never guessed: a bare number
 * could be seconds or days.
 */
export function readExpiry(key: string, raw: string, createdAt: string | undefined): ExpiryReading {
  const value = raw.trim();
  const date = DATE.exec(value);
  if (date) {
    if (!validDate(date[1], date[2], date[3])) return { key, value: raw, ignored: `${value} is not a calendar date` };
    return {
      key,
      value: raw,
      at: new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]) + 1)),
      relative: false,
    };
  }
  const dateTime = DATE_TIME.exec(value);
  if (dateTime) {
    const [, y, mo, d, h, mi, s = "00"] = dateTime;
    if (!validDate(y, mo, d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
      return { key, value: raw, ignored: `${value} is not a valid date and time` };
    const at = new Date(dateTime[7] ? value.replace(" ", "T") : `${value.replace(" ", "T")}Z`);
    if (!Number.isFinite(at.getTime())) return { key, value: raw, ignored: `${value} is not a valid date and time` };
    return { key, value: raw, at, relative: false };
  }
  const duration = DURATION.exec(value);
  if (duration) {
    const created = createdAt && /^\d{4}-\d{2}-\d{2}/.test(createdAt) ? Date.parse(createdAt) : NaN;
    if (!Number.isFinite(created))
      return { key, value: raw, ignored: `${value} is a duration but the creation time is unknown` };
    return {
      key,
      value: raw,
      at: new Date(created + Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()]),
      relative: true,
    };
  }
  return {
    key,
    value: raw,
    ignored: `${JSON.stringify(value).slice(0, 80)} is neither a date, a date-time nor a duration like 7d`,
  };
}

/** Every expiry tag on the resource (keys matched case-insensitively), each read or ignored. */
export function expiryTags(resource: Resource, keys: readonly string[]): ExpiryReading[] {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return Object.entries(resource.tags)
    .filter(([key]) => wanted.has(key.toLowerCase()))
    .map(([key, value]) => readExpiry(key, String(value), resource.createdAt));
}
