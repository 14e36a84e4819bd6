import type { SloDefinition } from "@/lib/slo/schemas";

// How the SLO pages say their figures; the e2e test formats the API's numbers with the same
// functions, so a page and GET /api/v1/slos/{id} are compared figure for figure.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A ratio (0.9995) as a percentage with `digits` places, or a dash without data. */
export function formatPercent(ratio: number | null | undefined, digits = 2): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** The error budget left (1 = all of it, below 0 = overspent), to a tenth of a percent. */
export const formatBudget = (remaining: number | null) => formatPercent(remaining, 1);

/** A burn rate: how many times faster than the budget allows. */
export function formatBurn(burn: number | null | undefined): string {
  if (burn === null || burn === undefined || !Number.isFinite(burn)) return "–";
  return `${burn < 10 ? burn.toFixed(2) : burn.toFixed(1)}×`;
}

/** A duration in its two largest units: "3 d 4 h", "5 h 12 min", "40 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  const parts: [number, string][] = [
    [Math.floor(ms / DAY), "d"],
    [Math.floor((ms % DAY) / HOUR), "h"],
    [Math.floor((ms % HOUR) / MINUTE), "min"],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(" ");
}

/** An instant to the minute, in UTC. */
export const formatMinute = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

const WINDOW_LABELS: Record<SloDefinition["window"], string> = {
  "7d": "7 days, rolling",
  "28d": "28 days, rolling",
  "30d": "30 days, rolling",
  "1w": "calendar week",
  "1M": "calendar month",
};

export const formatWindow = (window: string) => WINDOW_LABELS[window as SloDefinition["window"]] ?? window;

/** What the SLO measures, in a few words. */
export function formatSli(sli: SloDefinition["sli"]): string {
  if (sli.type === "latency") return `latency < ${sli.thresholdMs} ms`;
  return sli.errorWhen === "http-5xx" ? "availability (HTTP 5xx)" : "availability (error status)";
}

export type SloStatusName = "no_data" | "ok" | "warning" | "critical" | "exhausted";

export const STATUS_LABELS: Record<SloStatusName, string> = {
  no_data: "no data",
  ok: "ok",
  warning: "warning",
  critical: "critical",
  exhausted: "budget exhausted",
};

type AlertStates = Record<"page" | "ticket", { state: string; since: string }>;

/** The loudest alert state at a glance: a firing page before a firing ticket before a pending one. */
export function alertSummary(alerts: AlertStates): { text: string; since: string | null } {
  for (const state of ["firing", "pending"])
    for (const severity of ["page", "ticket"] as const)
      if (alerts[severity].state === state) return { text: `${severity} ${state}`, since: alerts[severity].since };
  return { text: "none", since: null };
}
