import type { DoraTier } from "@/lib/delivery/dora-tiers";

// How the Delivery page, the Overview and the service page write DORA figures: null is "no data",
// never 0, and a duration picks the unit a person reads it in.

export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "–";
  if (minutes < 90) return `${minutes.toFixed(minutes < 10 ? 1 : 0)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}

export const formatRatio = (ratio: number | null) => (ratio === null ? "–" : `${(ratio * 100).toFixed(1)}%`);

export const formatPerWeek = (perWeek: number | null) => (perWeek === null ? "–" : `${perWeek.toFixed(1)} / week`);

export const tierText = (tier: DoraTier | null) => (tier === null ? "no tier" : tier);

/** "2023: high · 2021: elite": both tables, for a title. */
export const tiersTitle = (t: { tier2021: DoraTier | null; tier2023: DoraTier | null }) =>
  `DORA 2023 table: ${tierText(t.tier2023)} · 2021 table: ${tierText(t.tier2021)}`;

/** A change between two figures as an arrow and the amount, or null when either side has no data. */
export function changeText(
  current: number | null,
  previous: number | null,
  format: (value: number) => string,
): string | null {
  if (current === null || previous === null) return null;
  const change = current - previous;
  const arrow = change > 0 ? "▲" : change < 0 ? "▼" : "=";
  return `${arrow} ${format(Math.abs(change))}`;
}
