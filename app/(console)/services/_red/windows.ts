import { choiceOf } from "@/lib/http/page-params";

/** The windows the service views offer, and how durations are written in them. */
export const WINDOWS = { "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export type WindowKey = keyof typeof WINDOWS;

/** The window a page's `?window=` names; anything else (even "toString") is the fallback. */
export function windowOf(
  requested: string | string[] | undefined,
  fallback: WindowKey = "24h",
): { window: WindowKey; from: Date; to: Date } {
  const window = choiceOf(WINDOWS, requested, fallback);
  const to = new Date();
  return { window, from: new Date(to.getTime() - WINDOWS[window]), to };
}

export const formatMs = (value: number | null) =>
  value === null
    ? "–"
    : value >= 1000
      ? `${(value / 1000).toFixed(2)} s`
      : value >= 10
        ? `${value.toFixed(0)} ms`
        : `${value.toFixed(1)} ms`;
