import { choiceOf, firstValue, type SearchParams } from "@/lib/http/page-params";
import type { SearchTracesInput } from "@/lib/traces/search-traces";

export const RANGES = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 86_400_000,
  "3d": 3 * 86_400_000,
  "7d": 7 * 86_400_000,
} as const;
export const FIELDS = ["service", "operation", "status", "minDurationMs", "maxDurationMs", "attr"] as const;
export const SORTS = {
  "-start": "newest first",
  start: "oldest first",
  "-duration": "slowest first",
  duration: "fastest first",
};
export type TraceSort = keyof typeof SORTS;

/**
 * The trace page's URL as the form shows it and as the search verb takes it. The filters are
 * checked by the verb itself, whose refusal (naming the field) the page shows above the results.
 */
export function tracesParams(search: SearchParams, now = new Date()) {
  const range = choiceOf(RANGES, search.range, "1h");
  const sort = choiceOf(SORTS, search.sort, "-start");
  const filters = Object.fromEntries(FIELDS.map((name) => [name, firstValue(search[name]) ?? ""])) as Record<
    (typeof FIELDS)[number],
    string
  >;
  const input: SearchTracesInput = {
    ...filters,
    from: new Date(now.getTime() - RANGES[range]).toISOString(),
    to: now.toISOString(),
    sort,
    cursor: firstValue(search.cursor),
    limit: 50,
  };
  return { range, sort, filters, input };
}
