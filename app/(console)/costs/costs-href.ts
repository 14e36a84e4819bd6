import type { CostFilters, GroupKey } from "@/lib/attribution/schemas";

export const WINDOWS = { "30d": 30, "90d": 90 } as const;

/** Everything the Costs page shows is chosen in its URL, so every view has its own address. */
export interface CostsView {
  groupBy: GroupKey;
  metric: "billed" | "effective";
  window: keyof typeof WINDOWS;
  filters: Partial<CostFilters>;
  /** Every key of the breakdown, a page at a time, instead of the largest and "other". */
  expand: boolean;
  page: number;
}

/** The query of a view (without `?`), with the changes applied. */
export function costsQuery(view: CostsView, changes: Partial<CostsView> = {}): URLSearchParams {
  const next = { ...view, ...changes };
  const params = new URLSearchParams({ groupBy: next.groupBy, metric: next.metric, window: next.window });
  for (const [key, value] of Object.entries(next.filters)) if (value !== undefined) params.set(key, value);
  if (next.expand) params.set("expand", "1");
  if (next.page) params.set("page", String(next.page));
  return params;
}

export const costsHref = (view: CostsView, changes: Partial<CostsView> = {}) => `/costs?${costsQuery(view, changes)}`;

/** The view narrowed by one more dimension (replacing its value), back on the first page. */
export const withFilter = (view: CostsView, key: GroupKey, value: string) =>
  costsHref(view, { filters: { ...view.filters, [key]: value }, page: 0 });

/** The view without one filter. */
export function withoutFilter(view: CostsView, key: GroupKey): string {
  const { [key]: _removed, ...rest } = view.filters;
  return costsHref(view, { filters: rest, page: 0 });
}
