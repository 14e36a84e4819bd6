import type { Severity } from "@/lib/notifications/schemas";
import { listOf } from "./channel-form-body";

export interface SilenceFormValues {
  services: string;
  teams: string;
  severities: Severity[];
  /** A datetime-local value, read as UTC: "2026-12-06T18:30". */
  endsAt: string;
  reason: string;
}
export type SilenceField = keyof SilenceFormValues | "matchers" | "form";

/** A datetime-local value, in UTC, `hours` after `now`. */
export function localUtc(now: number, hours: number): string {
  return new Date(now + hours * 3_600_000).toISOString().slice(0, 16);
}

export function silenceFormValues(defaultEnd: string): SilenceFormValues {
  return { services: "", teams: "", severities: [], endsAt: defaultEnd, reason: "" };
}

/** The body of POST /api/v1/notifications/silences; an end time that is not one goes as typed, for the API to refuse. */
export function silenceBody(values: SilenceFormValues): Record<string, unknown> {
  const endsAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(values.endsAt) ? `${values.endsAt}:00Z` : values.endsAt;
  return {
    matchers: { services: listOf(values.services), teams: listOf(values.teams), severities: values.severities },
    endsAt,
    reason: values.reason,
  };
}

/** "matchers.teams.0" is the teams field, "matchers" (none named) the matcher fields as a whole. */
export function silenceFieldOf(apiField: string | null): SilenceField {
  const [head, sub] = (apiField ?? "").split(".");
  if (head === "matchers") return sub === "services" || sub === "teams" || sub === "severities" ? sub : "matchers";
  return head === "endsAt" || head === "reason" ? head : "form";
}
