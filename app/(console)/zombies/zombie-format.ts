import { formatUsd } from "@/lib/decimal";

// How the Zombies pages word a finding: its rule, status, savings and where it sits in the queue.

/** "idle-compute" as "Idle compute": rule ids are kebab-case words. */
export function ruleLabel(rule: string): string {
  const words = rule.replace(/[-_]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : rule;
}

export type Tone = "ok" | "info" | "warn" | "bad" | "neutral";

const STATUS_TONES: Record<string, Tone> = {
  new: "info",
  notified: "warn",
  snoozed: "neutral",
  approved: "ok",
  planned: "ok",
  done: "ok",
  verified: "ok",
  rejected: "neutral",
};

/** The colour a status badge wears; an unknown status is neutral rather than an error. */
export const statusTone = (status: string): Tone =>
  Object.hasOwn(STATUS_TONES, status) ? STATUS_TONES[status] : "neutral";

/** A monthly saving in its own currency, or why there is no figure. */
export function savingsText(amount: string | null, currency: string | null): string {
  if (amount === null) return "no cost lines";
  return formatUsd(amount, { currency: currency ?? "USD" });
}

/** Query parameters of the Zombies list: empty values left out, `changes` over `current`. */
export function zombiesQuery(
  current: Record<string, string | undefined>,
  changes: Record<string, string | undefined> = {},
) {
  const merged = { ...current, ...changes };
  const entries = Object.entries(merged).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return new URLSearchParams(entries);
}

export function zombiesHref(
  current: Record<string, string | undefined>,
  changes: Record<string, string | undefined> = {},
) {
  const query = zombiesQuery(current, changes).toString();
  return query ? `/zombies?${query}` : "/zombies";
}

interface Queued {
  status: string;
  notifyDeadline: string | null;
  snoozedUntil: string | null;
  firstSeenAt: string;
}

/** When a queued finding next needs someone: its owner's deadline or the end of its snooze; null when neither is set. */
export const dueAt = (finding: Queued): string | null => finding.notifyDeadline ?? finding.snoozedUntil;

/**
 * The approval queue's order: findings with a deadline first, the oldest deadline first; then those
 * without one (not notified yet), the longest waiting first.
 */
export function queueOrder<T extends Queued>(findings: readonly T[]): T[] {
  const due = (f: T) => {
    const at = dueAt(f);
    return at === null ? Number.POSITIVE_INFINITY : Date.parse(at);
  };
  return [...findings].sort((a, b) => {
    const [x, y] = [due(a), due(b)];
    if (x !== y) return x < y ? -1 : 1;
    return Date.parse(a.firstSeenAt) - Date.parse(b.firstSeenAt);
  });
}

/** "overdue by 3 days", "due in 5 hours": the deadline against now, to the hour. */
export function dueText(at: string, now: Date): string {
  const hours = Math.round((Date.parse(at) - now.getTime()) / 3_600_000);
  const size = Math.abs(hours);
  const span = size >= 48 ? `${Math.round(size / 24)} days` : `${size} hour${size === 1 ? "" : "s"}`;
  if (size === 0) return "due now";
  return hours < 0 ? `overdue by ${span}` : `due in ${span}`;
}

/** "2026-12-06 14:05 UTC" from an ISO time. */
export const minuteText = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
