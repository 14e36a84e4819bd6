import type { SloWindow } from "./schemas";

// An SLO's period and its multi-window multi-burn-rate alerts, as the SRE workbook and Sloth define
// them: each alert is a long window, a short window of a twelfth of it, and the share of the period's
// budget that burning that fast for the long window spends. The factor is that share scaled to the
// period (Sloth internal/alert/window.go): factor = share × period hours / long window hours, so a
// 30-day period gives 14.4, 6, 3 and 1, and a 28-day one 13.44, 5.6, 2.8 and 0.933.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The burn-rate windows every SLO reports, with their lengths. */
export const BURN_WINDOWS = {
  "5m": 5 * MINUTE,
  "30m": 30 * MINUTE,
  "1h": HOUR,
  "2h": 2 * HOUR,
  "6h": 6 * HOUR,
  "1d": DAY,
  "3d": 3 * DAY,
} as const;
export type BurnWindow = keyof typeof BURN_WINDOWS;

export type Severity = "page" | "ticket";

export interface AlertWindow {
  severity: Severity;
  /** Sloth's names: the quick pair reacts fast to a steep burn, the slow one to a lasting one. */
  speed: "quick" | "slow";
  short: BurnWindow;
  long: BurnWindow;
  /** Share of the period's error budget spent when burning at `factor` for the long window. */
  budgetShare: number;
  factor: number;
}

/** Sloth's google-30d windows (its four alerts), as budget shares; factors follow from the period. */
const WINDOWS: Omit<AlertWindow, "factor">[] = [
  { severity: "page", speed: "quick", short: "5m", long: "1h", budgetShare: 0.02 },
  { severity: "page", speed: "slow", short: "30m", long: "6h", budgetShare: 0.05 },
  { severity: "ticket", speed: "quick", short: "2h", long: "1d", budgetShare: 0.1 },
  { severity: "ticket", speed: "slow", short: "6h", long: "3d", budgetShare: 0.1 },
];

/** The four alert windows with their factors for a period of `periodMs`. */
export function alertWindows(periodMs: number): AlertWindow[] {
  return WINDOWS.map((w) => ({ ...w, factor: factor(w.budgetShare, periodMs, BURN_WINDOWS[w.long]) }));
}

/**
 * Sloth's formula; rounded to 10 significant digits so 0.02 × 720 gives 14.4, not 14.400000000000002.
 */
function factor(share: number, periodMs: number, longMs: number): number {
  return Number(((share * (periodMs / HOUR)) / (longMs / HOUR)).toPrecision(10));
}

export interface Period {
  from: Date;
  to: Date;
}

/**
 * The period an SLO is judged over at `at`: the last N days for a rolling window; for a calendar
 * one, the UTC week (from Monday) or month holding `at`, whole (its budget is the whole period's).
 */
export function periodAt(window: SloWindow, at: Date): Period {
  const t = at.getTime();
  if (window === "1w") {
    const dayStart = Math.floor(t / DAY) * DAY;
    const monday = dayStart - ((new Date(dayStart).getUTCDay() + 6) % 7) * DAY;
    return { from: new Date(monday), to: new Date(monday + 7 * DAY) };
  }
  if (window === "1M") {
    const y = at.getUTCFullYear();
    const m = at.getUTCMonth();
    return { from: new Date(Date.UTC(y, m, 1)), to: new Date(Date.UTC(y, m + 1, 1)) };
  }
  const days = Number(window.slice(0, -1));
  return { from: new Date(t - days * DAY), to: at };
}

/** The length the budget is spread over: the rolling window, or the whole calendar period. */
export function periodLengthMs(window: SloWindow, at: Date): number {
  const { from, to } = periodAt(window, at);
  return to.getTime() - from.getTime();
}
